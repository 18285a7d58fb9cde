package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Copies give way, input copies first, when the largest dense matrix would pass the budget. */
class CopyBudgetTest {
    /** 10 inputs -> 20 relu -> 5 linear: the first matrix is 20 x copies rows by 20 x replicas columns. */
    private static AnnModel model() {
        return new AnnModel("m", 10, List.of(
                new DenseLayer("h", new double[10][20], new double[20], Activation.RELU),
                new DenseLayer("out", new double[20][5], new double[5], Activation.LINEAR)));
    }

    @Test
    void shouldKeepTheDefaultsWhenTheyFit() {
        ConvertOptions o = CopyBudget.fit(model(), ConvertOptions.defaults(), 80 * 60);
        assertEquals(3, o.replicas());
        assertEquals(4, o.inputCopies());
    }

    @Test
    void shouldDropInputCopiesBeforeReplicas() {
        // defaults: 80 x 60 = 4,800; (3, 2): 40 x 60 = 2,400; (2, 2): 40 x 40; (2, 1): 20 x 40; (1, 1): 20 x 20
        assertEquals(List.of(3, 2), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 2400)));
        assertEquals(List.of(2, 2), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 2000)));
        assertEquals(List.of(2, 1), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 800)));
        assertEquals(List.of(1, 1), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 400)));
        assertEquals(List.of(1, 1), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 1)), "nothing smaller");
    }

    @Test
    void shouldKeepWhatTheUserSet() {
        ConvertOptions forced = ConvertOptions.defaults().withReplicas(3);
        assertEquals(List.of(3, 1), pair(CopyBudget.fit(model(), forced, 1)));
        forced = ConvertOptions.defaults().withInputCopies(4).withReplicas(2);
        assertEquals(List.of(2, 4), pair(CopyBudget.fit(model(), forced, 1)));
    }

    @Test
    void shouldCountTheWeightsOfEveryConnection() {
        // (3, 4): 80 x 60 + 60 x 5; (2, 4): 80 x 40 + 40 x 5; (4, 4): 80 x 80 + 80 x 5
        assertEquals(80 * 60 + 60 * 5, CopyBudget.weights(model(), 3, 4));
        assertEquals(80 * 40 + 40 * 5, CopyBudget.weights(model(), 2, 4));
        assertEquals(80 * 80 + 80 * 5, CopyBudget.weights(model(), 4, 4));
        assertEquals(true, CopyBudget.fits(model(), 4, 4));
    }

    @Test
    void shouldBuildTheNetworkItFitted() {
        Network n = AnnToSnn.convert(model(), ConvertOptions.defaults());
        assertEquals(60, n.ensembles().get(0).n());
        assertEquals(80, n.connections().get(0).weights().length);
    }

    private static List<Integer> pair(ConvertOptions o) {
        return List.of(o.replicas(), o.inputCopies());
    }
}
