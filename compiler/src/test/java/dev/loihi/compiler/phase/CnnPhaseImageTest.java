package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.image.ImageWriter;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A phase-coded CNN's sparse rows and diagonals compile to the image bytes of the matrices with
 * the same synapses, through partition, place and pack, and the same plan twice to the same bytes.
 */
class CnnPhaseImageTest {
    private static final int REPLICAS = 4;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 6);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldCompileToTheImageOfTheMatricesWithTheSameSynapses(long seed) {
        AnnModel model = CnnPhasePlanTest.model(new Random(seed));
        int k = 5;
        int copies = 4;
        CnnPhasePlan plan = CnnPhasePlan.of(model, Math.scalb(1.0, -k), 1 << k, 0, 1);
        PhaseNetwork.Built built = CnnPhaseNetwork.build(plan, model.inputSize(), REPLICAS, "input", copies,
                (1 << k) / copies, "linear");
        List<DiscreteConnection> connections = built.network().connections();
        assertTrue(connections.stream().anyMatch(DiscreteConnection::isSparse), "no sparse rows to compare");
        assertTrue(connections.stream().anyMatch(DiscreteConnection::isDiagonal), "no diagonal to compare");
        DiscreteNetwork n = built.network();
        DiscreteNetwork matrices = new DiscreteNetwork(n.name(), n.inputs(), n.blocks(),
                connections.stream().map(CnnPhaseImageTest::asMatrix).toList(), n.outputs(), n.encoding(), n.precision());
        PhaseNetwork.Built twin = new PhaseNetwork.Built(matrices, built.timing(), built.firstLayerLimit(),
                built.silentSteps());
        byte[] image = image(plan, model, built);
        assertArrayEquals(image(plan, model, twin), image, "seed " + seed);
        assertArrayEquals(image, image(plan, model, CnnPhaseNetwork.build(plan, model.inputSize(), REPLICAS, "input", copies,
                (1 << k) / copies, "linear")), "seed " + seed + ", built again");
    }

    private static DiscreteConnection asMatrix(DiscreteConnection c) {
        if (!c.isSparse() && !c.isDiagonal()) {
            return c;
        }
        return new DiscreteConnection(c.pre(), c.post(), c.preInput(), c.preBlock(), c.postBlock(), c.nPre(), c.nPost(),
                c.signMode(), c.weightExp(), c.denseMants(), c.source());
    }

    private static byte[] image(CnnPhasePlan plan, AnnModel model, PhaseNetwork.Built built) {
        CnnStage out = plan.stages().get(plan.stages().size() - 1);
        return ImageWriter.write(PhaseCompiler.compile(built, REPLICAS, plan.inputStep(),
                CnnPhaseNetwork.firstStageWeights(plan, model.inputSize()),
                new double[] {0, 1}, out.cast(), CompileOptions.defaults()).image());
    }
}
