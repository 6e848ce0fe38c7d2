package io.bigtransfer.actors.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.WeightedGradient;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.LearningRateSchedule;
import io.bigtransfer.model.WarmupCosine;
import io.bigtransfer.model.OptimizerState;
import io.bigtransfer.model.SgdMomentum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CoordinatorTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Executor DIRECT = Runnable::run;
    private static final String KERNEL = "resnet/head/conv2d/kernel";

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static NamedBuffers kernel(float value) {
        return NamedBuffers.of(List.of(new NamedBuffer(KERNEL, new int[] {1}, new float[] {value})));
    }

    private static TrainingPlan plan(long steps, Duration deadline) {
        // Cosine without warmup over two steps: lr 0.5 at step 0, 0.25 at step 1.
        return plan(steps, new SgdMomentum(0.9, 0), new WarmupCosine(0.5, 0, (int) steps), 0, 0, deadline);
    }

    /** A batch of 4 rows; workers that answer never straggle (a minute's deadline). */
    private static TrainingPlan plan(long steps, SgdMomentum optimizer, LearningRateSchedule schedule, int evaluateEvery,
                                     int checkpointEvery, Duration stepDeadline) {
        return new TrainingPlan(steps, optimizer, schedule, evaluateEvery, checkpointEvery,
                new StepRound.Limits(4, 1, Duration.ofMinutes(1), stepDeadline), 1);
    }

    @SafeVarargs
    private static List<WorkerMember> members(TestProbe<Worker.Command>... probes) {
        List<WorkerMember> members = new ArrayList<>();
        for (int i = 0; i < probes.length; i++) {
            members.add(new WorkerMember(probes[i].ref(), "probe-" + i));
        }
        return members;
    }

    private static void reply(Worker.ComputeSlice request, TestProbe<Worker.Command> worker, int count, float gradient) {
        request.replyTo().tell(new SliceReply.SliceGradient(request.step(), request.range(), worker.ref(),
                new WeightedGradient(count, 1.0, kernel(gradient))));
    }

    @Test
    void reducesSlicesByExampleCountAndAppliesMomentumSgd() {
        TestProbe<Worker.Command> worker0 = testKit.createTestProbe();
        TestProbe<Worker.Command> worker1 = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        ActorRef<Coordinator.Command> coordinator = testKit.spawn(Coordinator.create(plan(2, Duration.ofSeconds(10)),
                OptimizerState.start(kernel(1f)), 0, members(worker0, worker1), Optional.empty(),
                Optional.empty(), events.ref(), DIRECT));

        Worker.ComputeSlice first0 = worker0.expectMessageClass(Worker.ComputeSlice.class);
        Worker.ComputeSlice first1 = worker1.expectMessageClass(Worker.ComputeSlice.class);
        assertEquals(0, first0.step());
        assertEquals(0, first0.parameters().version());
        assertEquals(List.of(0, 2, 2, 4), List.of(first0.from(), first0.to(), first1.from(), first1.to()));

        // While the workers compute, the coordinator still answers.
        TestProbe<Coordinator.Status> status = testKit.createTestProbe();
        coordinator.tell(new Coordinator.GetStatus(status.ref()));
        assertEquals(new Coordinator.Status(0, 2, "training", Double.NaN, false, 1.0,
                List.of("probe-0", "probe-1")), status.receiveMessage());

        // Slice means 1 (3 examples) and 5 (1 example): batch mean 2; v = 2, w = 1 - 0.5 * 2 = 0.
        reply(first1, worker1, 1, 5f);
        reply(first0, worker0, 3, 1f);
        TrainingEvent.StepCompleted step1 = events.expectMessageClass(TrainingEvent.StepCompleted.class);
        assertEquals(1, step1.step());
        assertEquals(4, step1.examples());
        assertEquals(0.5, step1.lr(), 1e-12);

        // Step 2 sees version 1; gradient 1 everywhere: v = 0.9 * 2 + 1 = 2.8, w = 0 - 0.25 * 2.8 = -0.7.
        Worker.ComputeSlice second0 = worker0.expectMessageClass(Worker.ComputeSlice.class);
        Worker.ComputeSlice second1 = worker1.expectMessageClass(Worker.ComputeSlice.class);
        assertEquals(1, second0.parameters().version());
        assertArrayEquals(new float[] {0f}, second0.parameters().parameters().get(KERNEL).data());
        reply(second0, worker0, 2, 1f);
        reply(second1, worker1, 2, 1f);
        events.expectMessageClass(TrainingEvent.StepCompleted.class);
        TrainingEvent.Finished finished = events.expectMessageClass(TrainingEvent.Finished.class);
        assertEquals(2, finished.step());
        assertArrayEquals(new float[] {-0.7f}, finished.state().parameters().parameters().get(KERNEL).data(), 1e-6f);
        assertArrayEquals(new float[] {2.8f}, finished.state().velocity().get(KERNEL).data(), 1e-6f);
    }

    @Test
    void aFailedSliceFailsTheRunWithTheWorkersReason() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        testKit.spawn(Coordinator.create(plan(2, Duration.ofSeconds(10)), OptimizerState.start(kernel(1f)), 0,
                members(worker), Optional.empty(), Optional.empty(), events.ref(), DIRECT));
        Worker.ComputeSlice request = worker.expectMessageClass(Worker.ComputeSlice.class);
        request.replyTo().tell(new SliceReply.SliceFailed(0, 0, worker.ref(), "out of memory"));
        TrainingEvent.Failed failed = events.expectMessageClass(TrainingEvent.Failed.class);
        assertEquals("probe-0 failed at step 0: out of memory", failed.reason());
    }

    @Test
    void aWorkerMissingTheDeadlineFailsTheStep() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        testKit.spawn(Coordinator.create(plan(2, Duration.ofMillis(200)), OptimizerState.start(kernel(1f)), 0,
                members(worker), Optional.empty(), Optional.empty(), events.ref(), DIRECT));
        worker.expectMessageClass(Worker.ComputeSlice.class);
        TrainingEvent.Failed failed = events.expectMessageClass(TrainingEvent.Failed.class, Duration.ofSeconds(3));
        assertTrue(failed.reason().contains("missed its deadline"), failed.reason());
    }

    @Test
    void evaluatesAndCheckpointsAtTheEndBeforeFinishing() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        Evaluation evaluation = parameters -> CompletableFuture.completedFuture(
                new EvaluationReport(1, 1, 1, 0, new double[] {1}, 1));
        CheckpointSink sink = (state, step, last, scale) -> CompletableFuture.completedFuture(
                "ckpt-" + step + "-version-" + state.parameters().version() + "-evaluated-" + last.isPresent());
        testKit.spawn(Coordinator.create(plan(1, Duration.ofSeconds(10)), OptimizerState.start(kernel(1f)), 0,
                members(worker), Optional.of(evaluation), Optional.of(sink), events.ref(), DIRECT));
        reply(worker.expectMessageClass(Worker.ComputeSlice.class), worker, 1, 1f);
        events.expectMessageClass(TrainingEvent.StepCompleted.class);
        assertInstanceOf(TrainingEvent.EvaluationCompleted.class, events.receiveMessage());
        TrainingEvent.CheckpointSaved saved = events.expectMessageClass(TrainingEvent.CheckpointSaved.class);
        assertEquals("ckpt-1-version-1-evaluated-true", saved.location());
        TrainingEvent.Finished finished = events.expectMessageClass(TrainingEvent.Finished.class);
        assertEquals(Optional.of(saved.location()), finished.lastCheckpoint());
    }

    @Test
    void aReplyThatDoesNotFitTheRoundFailsTheStepInsteadOfWaiting() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        testKit.spawn(Coordinator.create(plan(2, Duration.ofSeconds(30)), OptimizerState.start(kernel(1f)), 0,
                members(worker), Optional.empty(), Optional.empty(), events.ref(), DIRECT));
        Worker.ComputeSlice request = worker.expectMessageClass(Worker.ComputeSlice.class);
        request.replyTo().tell(new SliceReply.SliceGradient(0, 3, worker.ref(), new WeightedGradient(1, 1, kernel(1f))));
        TrainingEvent.Failed failed = events.expectMessageClass(TrainingEvent.Failed.class);
        assertEquals("a reply for range 3 of step 0 does not fit step 0 of 1 ranges", failed.reason());
    }

    @Test
    void aStopRequestFinishesTheStepInProgressCheckpointsItAndStops() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        Evaluation evaluation = parameters -> {
            throw new AssertionError("a stop skips the periodic evaluation");
        };
        CheckpointSink sink = (state, step, last, scale) -> CompletableFuture.completedFuture("ckpt-" + step);
        TrainingPlan evaluateEveryStep = plan(10, new SgdMomentum(0.9, 0), new WarmupCosine(0.5, 0, 10),
                1, 0, Duration.ofSeconds(10));
        ActorRef<Coordinator.Command> coordinator = testKit.spawn(Coordinator.create(evaluateEveryStep,
                OptimizerState.start(kernel(1f)), 0, members(worker), Optional.of(evaluation), Optional.of(sink),
                events.ref(), DIRECT));
        Worker.ComputeSlice inProgress = worker.expectMessageClass(Worker.ComputeSlice.class);
        coordinator.tell(new Coordinator.StopAfterStep());
        reply(inProgress, worker, 1, 1f);
        assertEquals(1, events.expectMessageClass(TrainingEvent.StepCompleted.class).step());
        assertEquals("ckpt-1", events.expectMessageClass(TrainingEvent.CheckpointSaved.class).location());
        assertEquals(new TrainingEvent.Stopped(1, Optional.of("ckpt-1")), events.receiveMessage());
        worker.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void trainingGoesOnWhileACheckpointIsWrittenAndWaitsOnlyForTheNextOne() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        Map<Long, CompletableFuture<String>> writes = new ConcurrentHashMap<>();
        TestProbe<Long> writesStarted = testKit.createTestProbe();
        CheckpointSink slowWriter = (state, step, last, scale) -> {
            CompletableFuture<String> write = writes.computeIfAbsent(step, s -> new CompletableFuture<>());
            writesStarted.ref().tell(step);
            return write;
        };
        TrainingPlan checkpointEveryStep = plan(3, new SgdMomentum(0.9, 0), new WarmupCosine(0.5, 0, 3),
                0, 1, Duration.ofSeconds(10));
        testKit.spawn(Coordinator.create(checkpointEveryStep, OptimizerState.start(kernel(1f)), 0, members(worker),
                Optional.empty(), Optional.of(slowWriter), events.ref(), DIRECT));
        reply(worker.expectMessageClass(Worker.ComputeSlice.class), worker, 1, 1f);
        events.expectMessageClass(TrainingEvent.StepCompleted.class);
        // The checkpoint of step 1 is being written, and step 2 runs meanwhile.
        Worker.ComputeSlice second = worker.expectMessageClass(Worker.ComputeSlice.class);
        assertEquals(1, second.step());
        writesStarted.expectMessage(1L);
        reply(second, worker, 1, 1f);
        events.expectMessageClass(TrainingEvent.StepCompleted.class);
        // Step 2's checkpoint must wait for step 1's: no third step until the writer is free.
        worker.expectNoMessage(Duration.ofMillis(200));
        writes.get(1L).complete("ckpt-1");
        TrainingEvent.CheckpointSaved first = events.expectMessageClass(TrainingEvent.CheckpointSaved.class);
        assertEquals(1, first.step());
        // The loop started waiting just after it reported step 2, so a little less than the 200 ms here.
        assertTrue(first.stepLoopWaitSeconds() >= 0.1, "the loop waited for the writer: " + first);
        Worker.ComputeSlice third = worker.expectMessageClass(Worker.ComputeSlice.class);
        assertEquals(2, third.step());
        writesStarted.expectMessage(2L);
        writes.get(2L).complete("ckpt-2");
        assertEquals(0.0, events.expectMessageClass(TrainingEvent.CheckpointSaved.class).stepLoopWaitSeconds(),
                "written while step 3 ran");
        reply(third, worker, 1, 1f);
        events.expectMessageClass(TrainingEvent.StepCompleted.class);
        // The coordinator reports a step before it hands that step to the writer.
        writesStarted.expectMessage(3L);
        writes.get(3L).complete("ckpt-3");
        assertEquals("ckpt-3", events.expectMessageClass(TrainingEvent.CheckpointSaved.class).location());
        assertEquals(Optional.of("ckpt-3"), events.expectMessageClass(TrainingEvent.Finished.class).lastCheckpoint());
    }

    @Test
    void anOperatorPausesChangesTheLearningRateCheckpointsEvaluatesAndResumes() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        TestProbe<Coordinator.ControlReply> replies = testKit.createTestProbe();
        List<Double> savedScales = new java.util.concurrent.CopyOnWriteArrayList<>();
        CheckpointSink sink = (state, step, last, scale) -> {
            savedScales.add(scale);
            return CompletableFuture.completedFuture("ckpt-" + step);
        };
        Evaluation evaluation = parameters -> CompletableFuture.completedFuture(
                new EvaluationReport(1, 0.5, 1, 0, new double[] {0.5}, 0.5));
        // Cosine over 4 steps from 0.5, no warmup: 0.5, 0.4268, 0.25, 0.0732.
        WarmupCosine schedule = new WarmupCosine(0.5, 0, 4);
        ActorRef<Coordinator.Command> coordinator = testKit.spawn(Coordinator.create(plan(4,
                new SgdMomentum(0.9, 0), schedule, 0, 0, Duration.ofSeconds(10)), OptimizerState.start(kernel(1f)), 0,
                members(worker), Optional.of(evaluation), Optional.of(sink), events.ref(), DIRECT));
        Worker.ComputeSlice first = worker.expectMessageClass(Worker.ComputeSlice.class);

        coordinator.tell(new Coordinator.Pause(replies.ref()));
        assertEquals(new Coordinator.ControlReply(true, "pausing after step 1."), replies.receiveMessage());
        coordinator.tell(new Coordinator.SetLearningRate(0.1, replies.ref()));
        assertTrue(replies.receiveMessage().accepted());
        TrainingEvent.LearningRateChanged changed = events.expectMessageClass(TrainingEvent.LearningRateChanged.class);
        assertEquals(0.2, changed.scale(), 1e-12, "0.1 instead of the schedule's 0.5");

        reply(first, worker, 1, 1f);
        assertEquals(0.1, events.expectMessageClass(TrainingEvent.StepCompleted.class).lr(), 1e-12);
        assertEquals(new TrainingEvent.Paused(1), events.receiveMessage());
        worker.expectNoMessage(Duration.ofMillis(300));
        TestProbe<Coordinator.Status> status = testKit.createTestProbe();
        coordinator.tell(new Coordinator.GetStatus(status.ref()));
        Coordinator.Status paused = status.receiveMessage();
        assertEquals("paused", paused.phase());
        assertTrue(paused.paused());

        coordinator.tell(new Coordinator.SaveNow(replies.ref()));
        assertTrue(replies.receiveMessage().accepted());
        assertEquals("ckpt-1", events.expectMessageClass(TrainingEvent.CheckpointSaved.class).location());
        assertEquals(List.of(0.2), savedScales, "the checkpoint records the operator's multiplier");
        coordinator.tell(new Coordinator.EvaluateNow(replies.ref()));
        assertTrue(replies.receiveMessage().accepted());
        assertEquals(1, events.expectMessageClass(TrainingEvent.EvaluationCompleted.class).step());
        worker.expectNoMessage(Duration.ofMillis(200));

        coordinator.tell(new Coordinator.Resume(replies.ref()));
        assertEquals(new Coordinator.ControlReply(true, "resuming at step 2."), replies.receiveMessage());
        assertEquals(new TrainingEvent.Resumed(1), events.receiveMessage());
        reply(worker.expectMessageClass(Worker.ComputeSlice.class), worker, 1, 1f);
        assertEquals(0.2 * schedule.at(1), events.expectMessageClass(TrainingEvent.StepCompleted.class).lr(), 1e-12);
        coordinator.tell(new Coordinator.Resume(replies.ref()));
        assertEquals(new Coordinator.ControlReply(false, "not paused; training is at step 2."), replies.receiveMessage());
    }

    @Test
    void aLearningRateTheScheduleCannotScaleIsRefused() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<Coordinator.ControlReply> replies = testKit.createTestProbe();
        ActorRef<Coordinator.Command> coordinator = testKit.spawn(Coordinator.create(plan(4,
                new SgdMomentum(0.9, 0), new WarmupCosine(0.5, 2, 4), 0, 0, Duration.ofSeconds(10)),
                OptimizerState.start(kernel(1f)), 0, members(worker), Optional.empty(), Optional.empty(),
                testKit.<TrainingEvent>createTestProbe().ref(), DIRECT));
        worker.expectMessageClass(Worker.ComputeSlice.class);
        coordinator.tell(new Coordinator.SetLearningRate(0.1, replies.ref()));
        assertEquals(new Coordinator.ControlReply(false, "the schedule's learning rate for step 1 is 0, which no factor"
                + " can scale; set lr after that step."), replies.receiveMessage());
        coordinator.tell(new Coordinator.SaveNow(replies.ref()));
        assertEquals(new Coordinator.ControlReply(false, "this job has no checkpoint folder (bit.checkpoint.dir)."),
                replies.receiveMessage());
    }

    @Test
    void aResumeWhileARequestedEvaluationRunsIsReportedAndTrainingGoesOnAfterIt() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        TestProbe<Coordinator.ControlReply> replies = testKit.createTestProbe();
        CompletableFuture<EvaluationReport> slowEvaluation = new CompletableFuture<>();
        Evaluation evaluation = parameters -> slowEvaluation;
        ActorRef<Coordinator.Command> coordinator = testKit.spawn(Coordinator.create(plan(4, Duration.ofSeconds(10)),
                OptimizerState.start(kernel(1f)), 0, members(worker), Optional.of(evaluation), Optional.empty(),
                events.ref(), DIRECT));
        Worker.ComputeSlice first = worker.expectMessageClass(Worker.ComputeSlice.class);
        coordinator.tell(new Coordinator.Pause(replies.ref()));
        reply(first, worker, 1, 1f);
        events.expectMessageClass(TrainingEvent.StepCompleted.class);
        assertEquals(new TrainingEvent.Paused(1), events.receiveMessage());
        coordinator.tell(new Coordinator.EvaluateNow(replies.ref()));
        coordinator.tell(new Coordinator.Resume(replies.ref()));
        assertEquals(new TrainingEvent.Resumed(1), events.expectMessageClass(TrainingEvent.Resumed.class));
        worker.expectNoMessage(Duration.ofMillis(200));
        slowEvaluation.complete(new EvaluationReport(1, 1, 1, 0, new double[] {1}, 1));
        assertEquals(1, events.expectMessageClass(TrainingEvent.EvaluationCompleted.class).step());
        assertEquals(1, worker.expectMessageClass(Worker.ComputeSlice.class).step(), "training goes on after it");
    }

    /** A plan of {@code steps} steps of 4 rows that waits for {@code awaitWorkers} and gives up on stragglers after 300 ms. */
    private static TrainingPlan elasticPlan(long steps, int awaitWorkers) {
        return new TrainingPlan(steps, new SgdMomentum(0.9, 0), new WarmupCosine(0.5, 0, (int) steps), 0, 0,
                new StepRound.Limits(4, 1, Duration.ofMillis(300), Duration.ofSeconds(30)), awaitWorkers);
    }

    @Test
    void aWorkerThatStopsMidStepHasItsRowsComputedByAnotherAndTheStepIsAppliedOnce() {
        TestProbe<Worker.Command> worker0 = testKit.createTestProbe();
        TestProbe<Worker.Command> worker1 = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        testKit.spawn(Coordinator.create(elasticPlan(2, 1), OptimizerState.start(kernel(1f)), 0,
                members(worker0, worker1), Optional.empty(), Optional.empty(), events.ref(), DIRECT));
        Worker.ComputeSlice own = worker0.expectMessageClass(Worker.ComputeSlice.class);
        Worker.ComputeSlice orphan = worker1.expectMessageClass(Worker.ComputeSlice.class);
        worker1.stop();
        TrainingEvent.WorkerLeft left = events.expectMessageClass(TrainingEvent.WorkerLeft.class);
        assertEquals(new TrainingEvent.WorkerLeft(0, "probe-1", "it stopped", 1), left);
        Worker.ComputeSlice takenOver = worker0.expectMessageClass(Worker.ComputeSlice.class);
        assertEquals(List.of(orphan.range(), orphan.from(), orphan.to()),
                List.of(takenOver.range(), takenOver.from(), takenOver.to()));
        reply(own, worker0, 2, 1f);
        reply(takenOver, worker0, 2, 3f);
        TrainingEvent.StepCompleted step = events.expectMessageClass(TrainingEvent.StepCompleted.class);
        assertEquals(4, step.examples(), "every row counted once");
        // The next step is worker 0's alone: the whole batch.
        Worker.ComputeSlice next = worker0.expectMessageClass(Worker.ComputeSlice.class);
        assertEquals(List.of(1L, 0, 4), List.of(next.step(), next.from(), next.to()));
    }

    @Test
    void aStragglerIsGivenUpOnRetiredAndItsLateAnswerIsNotCountedTwice() {
        TestProbe<Worker.Command> fast = testKit.createTestProbe();
        TestProbe<Worker.Command> slow = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        testKit.spawn(Coordinator.create(elasticPlan(1, 1), OptimizerState.start(kernel(1f)), 0,
                members(fast, slow), Optional.empty(), Optional.empty(), events.ref(), DIRECT));
        Worker.ComputeSlice first = fast.expectMessageClass(Worker.ComputeSlice.class);
        Worker.ComputeSlice slowOne = slow.expectMessageClass(Worker.ComputeSlice.class);
        reply(first, fast, 2, 1f);
        // 300 ms after the fast worker's answer the slow one's rows go to the fast one.
        Worker.ComputeSlice takenOver = fast.expectMessageClass(Worker.ComputeSlice.class, Duration.ofSeconds(3));
        assertEquals(slowOne.range(), takenOver.range());
        reply(slowOne, slow, 2, 5f);
        reply(takenOver, fast, 2, 5f);
        // Gradients 1 and 5 over 2 + 2 rows: mean 3, so w = 1 - 0.5 * 3 = -0.5, with the late answer counted once.
        TrainingEvent.WorkerLeft left = events.expectMessageClass(TrainingEvent.WorkerLeft.class);
        assertEquals("probe-1", left.worker());
        assertTrue(left.reason().startsWith("it was still computing step 0"), left.reason());
        slow.expectMessageClass(Worker.Retire.class);
        assertEquals(4, events.expectMessageClass(TrainingEvent.StepCompleted.class).examples());
        TrainingEvent.Finished finished = events.expectMessageClass(TrainingEvent.Finished.class);
        assertArrayEquals(new float[] {-0.5f}, finished.state().parameters().parameters().get(KERNEL).data(), 1e-6f);
    }

    @Test
    void theFirstStepWaitsForTheAwaitedWorkersAndAJoinerTakesPartFromTheNextStep() {
        TestProbe<Worker.Command> worker0 = testKit.createTestProbe();
        TestProbe<Worker.Command> worker1 = testKit.createTestProbe();
        TestProbe<Worker.Command> worker2 = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        ActorRef<Coordinator.Command> coordinator = testKit.spawn(Coordinator.create(elasticPlan(2, 2),
                OptimizerState.start(kernel(1f)), 0, members(worker0), Optional.empty(), Optional.empty(), events.ref(),
                DIRECT));
        worker0.expectNoMessage(Duration.ofMillis(200));
        TestProbe<Coordinator.Status> status = testKit.createTestProbe();
        coordinator.tell(new Coordinator.GetStatus(status.ref()));
        assertEquals("waiting for workers (1 of 2)", status.receiveMessage().phase());

        coordinator.tell(new Coordinator.AddWorker(new WorkerMember(worker1.ref(), "node-1")));
        assertEquals(new TrainingEvent.WorkerJoined(0, "node-1", 2), events.receiveMessage());
        Worker.ComputeSlice first0 = worker0.expectMessageClass(Worker.ComputeSlice.class);
        Worker.ComputeSlice first1 = worker1.expectMessageClass(Worker.ComputeSlice.class);
        assertEquals(List.of(0, 2, 2, 4), List.of(first0.from(), first0.to(), first1.from(), first1.to()));

        // Joining mid-step: not in this step, in the next.
        coordinator.tell(new Coordinator.AddWorker(new WorkerMember(worker2.ref(), "node-2")));
        assertEquals(new TrainingEvent.WorkerJoined(0, "node-2", 3), events.receiveMessage());
        worker2.expectNoMessage(Duration.ofMillis(200));
        reply(first0, worker0, 2, 1f);
        reply(first1, worker1, 2, 1f);
        events.expectMessageClass(TrainingEvent.StepCompleted.class);
        List<Worker.ComputeSlice> second = List.of(worker0.expectMessageClass(Worker.ComputeSlice.class),
                worker1.expectMessageClass(Worker.ComputeSlice.class), worker2.expectMessageClass(Worker.ComputeSlice.class));
        assertEquals(List.of(0, 1, 1, 2, 2, 4), second.stream().flatMap(slice -> Stream.of(slice.from(),
                slice.to())).toList());
    }

    @Test
    void aCoordinatorStartedPausedTrainsNoStepUntilResumed() {
        TestProbe<Worker.Command> worker = testKit.createTestProbe();
        TestProbe<TrainingEvent> events = testKit.createTestProbe();
        TestProbe<Coordinator.ControlReply> replies = testKit.createTestProbe();
        ActorRef<Coordinator.Command> coordinator = testKit.spawn(Coordinator.create(plan(2, Duration.ofSeconds(10)),
                OptimizerState.start(kernel(1f)), 1, 1.0, true, members(worker), Optional.empty(), Optional.empty(),
                events.ref(), DIRECT));
        assertEquals(new TrainingEvent.Paused(1), events.receiveMessage());
        worker.expectNoMessage(Duration.ofMillis(300));
        coordinator.tell(new Coordinator.Resume(replies.ref()));
        assertEquals(new Coordinator.ControlReply(true, "resuming at step 2."), replies.receiveMessage());
        assertEquals(new TrainingEvent.Resumed(1), events.receiveMessage());
        assertEquals(1, worker.expectMessageClass(Worker.ComputeSlice.class).step());
    }

    @Test
    void theBatchIsCutIntoContiguousRangesOnTheRowGranularity() {
        assertEquals("[[0, 3], [3, 6], [6, 10]]", Arrays.deepToString(StepRound.cut(10, 1, 3)));
        assertEquals("[[0, 2], [2, 4], [4, 8]]", Arrays.deepToString(StepRound.cut(8, 2, 3)));
        assertEquals("[[0, 2], [2, 4]]", Arrays.deepToString(StepRound.cut(4, 2, 5)), "one range per pair at most");
    }
}
