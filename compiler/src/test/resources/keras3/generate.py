"""Writes the Keras 3 test models in this folder (run with Keras 3 and any backend).

Weights are random but fixed by the seed; batch-norm statistics are set away from their
initial values so that folding them matters. For each model the file inputs.npy holds the
test inputs and <model>.expected.npy the outputs Keras computes for them (float32).
"""
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(20240611)
inputs = rng.standard_normal((20, 12)).astype("float32")
np.save("inputs.npy", inputs)


def randomize(model):
    for layer in model.layers:
        values = layer.get_weights()
        if isinstance(layer, layers.BatchNormalization):
            n = layer.get_weights()[0].shape[0]
            gamma = rng.uniform(0.5, 1.5, n)
            beta = rng.normal(0, 0.3, n)
            mean = rng.normal(0, 0.5, n)
            var = rng.uniform(0.2, 1.2, n)
            parts = []
            if layer.scale:
                parts.append(gamma)
            if layer.center:
                parts.append(beta)
            parts += [mean, var]
            layer.set_weights([p.astype("float32") for p in parts])
        elif values:
            layer.set_weights([rng.normal(0, 0.4, w.shape).astype("float32") for w in values])


def save(model, name):
    randomize(model)
    np.save(name + ".expected.npy", model.predict(inputs, verbose=0).astype("float32"))
    return model


x = keras.Input(shape=(12,), name="features")
h = layers.Dense(16, name="fc1")(x)
h = layers.BatchNormalization(name="bn1")(h)
h = layers.Activation("relu", name="act1")(h)
h = layers.Dropout(0.2, name="drop1")(h)
h = layers.Dense(8, activation="relu", name="fc2")(h)
h = layers.BatchNormalization(center=False, name="bn2")(h)
y = layers.Dense(3, activation="softmax", name="out")(h)
functional = save(keras.Model(x, y, name="functional_bn"), "functional_bn")
functional.save("functional_bn.keras")
functional.save("functional_bn.h5")

sequential = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(10, name="hidden"),
    layers.ReLU(name="relu"),
    layers.Flatten(name="flat"),
    layers.Dense(1, activation="sigmoid", name="score"),
], name="sequential_relu")
save(sequential, "sequential_relu")
sequential.save("sequential_relu.keras")
with open("sequential_relu.json", "w") as f:
    f.write(sequential.to_json())
sequential.save_weights("sequential_relu.weights.h5")
