# Video classification: a small CNN applied to every frame, then an LSTM over the frames.
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import (Conv2D, Dense, Flatten, LSTM, MaxPooling2D,
                                     TimeDistributed)

frames, height, width, channels = 10, 64, 64, 3

model = Sequential()
model.add(TimeDistributed(Conv2D(16, (3, 3), activation='relu'),
                          input_shape=(frames, height, width, channels)))
model.add(TimeDistributed(MaxPooling2D((2, 2))))
model.add(TimeDistributed(Flatten()))
model.add(LSTM(32))
model.add(Dense(5, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam')
