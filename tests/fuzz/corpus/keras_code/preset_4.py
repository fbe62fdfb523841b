model = keras.Sequential([
    keras.Input(shape=(112, 112, 32)),
    layers.DepthwiseConv2D(3, padding="same", use_bias=False, name="dw"),
    layers.BatchNormalization(name="dw_bn"),
    layers.ReLU(6.0, name="dw_relu"),
    layers.Conv2D(64, 1, padding="same", use_bias=False, name="pw"),
    layers.BatchNormalization(name="pw_bn"),
    layers.ReLU(6.0, name="pw_relu"),
])
