package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Keras3WeightStoreTest {
    @ParameterizedTest
    @CsvSource({
        "Dense, dense",
        "BatchNormalization, batch_normalization",
        "ReLU, re_lu",
        "InputLayer, input_layer",
        "Conv2D, conv2d",
        "Dropout, dropout",
    })
    void shouldNameLayerGroupsAsKerasSnakeCaseDoes(String className, String group) {
        assertEquals(group, Keras3WeightStore.snakeCase(className));
    }
}
