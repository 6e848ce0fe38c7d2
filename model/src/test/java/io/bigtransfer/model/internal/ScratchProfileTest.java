package io.bigtransfer.model.internal;

import io.bigtransfer.model.*;
import io.bigtransfer.backend.*;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.autodiff.listeners.*;
import org.nd4j.autodiff.samediff.*;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

@EnabledIfSystemProperty(named = "bit.benchmark", matches = "true")
class ScratchProfileTest {
    static class Timer extends BaseListener {
        Map<String, long[]> byOp = new TreeMap<>();
        long start;
        boolean on;
        public boolean isActive(Operation op) { return true; }
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext ctx) { start = System.nanoTime(); }
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
            if (!on) return;
            long[] a = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
            a[0] += System.nanoTime() - start; a[1]++;
        }
    }

    @Test
    void profile() {
        Nd4j.getEnvironment().setMaxMasterThreads(2);
        Nd4j.getEnvironment().setMaxThreads(2);
        ModelSpec spec = new ModelSpec(new int[] {1, 1, 1, 1}, 0.25, 8, 10);
        ResNetV2Graph graph = ResNetV2Graph.build(spec, 28, 28, DataType.FLOAT);
        LoadedGraph lg = new LoadedGraph(graph);
        GradientPass pass = new GradientPass(graph);
        lg.load(new ParameterVersion(0, HeInitializer.initialize(spec, 1)));
        INDArray x = Nd4j.randn(DataType.FLOAT, 64, 28, 28, 3);
        INDArray t = Nd4j.zeros(DataType.FLOAT, 64, 10); t.getColumn(0).assign(1);
        Timer timer = new Timer();
        graph.sameDiff().getFunction("grad").setListeners(timer);
        for (int i = 0; i < 5; i++) pass.run(x, t);
        timer.on = true;
        int steps = 10;
        long s = System.nanoTime();
        for (int i = 0; i < steps; i++) pass.run(x, t);
        double total = (System.nanoTime() - s) / 1e6 / steps;
        double opSum = 0; long count = 0;
        List<Map.Entry<String, long[]>> list = new ArrayList<>(timer.byOp.entrySet());
        list.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (var e : list) { opSum += e.getValue()[0] / 1e6 / steps; count += e.getValue()[1];
            System.out.printf("%-30s %8.2f ms %5d calls%n", e.getKey(), e.getValue()[0] / 1e6 / steps, e.getValue()[1] / steps); }
        System.out.printf("step %.1f ms, ops %.1f ms, %d ops per step%n", total, opSum, count / steps);
    }
}
