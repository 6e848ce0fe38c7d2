package io.bigtransfer.model.internal;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

@EnabledIfSystemProperty(named = "bit.benchmark", matches = "true")
class ScratchOpsTest {
    static void time(String name, Runnable r) {
        for (int i = 0; i < 20; i++) r.run();
        int n = 200;
        long s = System.nanoTime();
        for (int i = 0; i < n; i++) r.run();
        System.out.printf("%-45s %8.3f ms%n", name, (System.nanoTime() - s) / 1e6 / n);
    }

    @Test
    void ops() {
        Nd4j.getEnvironment().setMaxMasterThreads(2);
        Nd4j.getEnvironment().setMaxThreads(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, 64, 7, 7, 64);
        INDArray y = Nd4j.randn(DataType.FLOAT, 64, 7, 7, 64);
        INDArray out = x.ulike();
        INDArray x5 = x.reshape(64, 7, 7, 8, 8);
        INDArray m5 = Nd4j.randn(DataType.FLOAT, 64, 1, 1, 8, 1);
        INDArray mc = Nd4j.randn(DataType.FLOAT, 64, 1, 1, 64);
        INDArray g = Nd4j.randn(DataType.FLOAT, 64);
        time("same-shape add (new)", () -> x.add(y));
        time("same-shape add into out", () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp(x, y, out)));
        time("broadcast sub [N,H,W,G,Cg]-[N,1,1,G,1]", () -> x5.sub(m5));
        time("broadcast mul [N,H,W,C]*[N,1,1,C]", () -> x.mul(mc));
        time("broadcast mul [N,H,W,C]*[C]", () -> x.mul(g));
        time("mulRowVector [NHW,C]*[C]", () -> x.reshape(64 * 49, 64).mulRowVector(g));
        time("reduce mean (1,2,4) of 5d", () -> x5.mean(true, 1, 2, 4));
        time("reduce mean (1,2) of 4d", () -> x.mean(true, 1, 2));
        time("reduce mean (1) of [N,HW*C] ", () -> x.reshape(64, 49 * 64).mean(true, 1));
        time("square", () -> org.nd4j.linalg.ops.transforms.Transforms.pow(x, 2, true));
        time("square op", () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Square(x, out)));
        time("mmul [3136,64]x[64,64]", () -> x.reshape(64 * 49, 64).mmul(Nd4j.ones(DataType.FLOAT, 64, 64)));
    }
}
