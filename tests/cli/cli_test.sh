#!/usr/bin/env bash
# Command line tests of `learnable summary`: exit statuses (0 resolved, 1 model errors, 2 usage),
# each output format's key content, --define, standard input, and garbage input that must not
# crash. Run by CTest with LEARNABLE set to the binary; exits non-zero when any check fails.
set -u

: "${LEARNABLE:?set LEARNABLE to the learnable binary}"
DATA="$(cd "$(dirname "${BASH_SOURCE[0]}")/../data/keras" && pwd)"
PUBLISHED="$DATA/tutorial_as_published.py"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

failures=0
checks=0

# check NAME EXPECTED ACTUAL
check() {
  checks=$((checks + 1))
  if [[ "$2" != "$3" ]]; then
    echo "FAIL: $1: expected '$2', got '$3'" >&2
    failures=$((failures + 1))
  fi
}

# contains NAME NEEDLE FILE
contains() {
  checks=$((checks + 1))
  if ! grep -qF -- "$2" "$3"; then
    echo "FAIL: $1: '$2' not found in:" >&2
    head -c 2000 "$3" >&2
    failures=$((failures + 1))
  fi
}

# run ARGS...: runs learnable with stdout in $WORK/out, stderr in $WORK/err, status in $status
run() {
  "$LEARNABLE" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
}

valid_json() {
  python3 -m json.tool "$WORK/out" >/dev/null 2>&1 && echo valid || echo invalid
}

# ---- exit statuses ---------------------------------------------------------------------------
run summary --preset tutorial
check "tutorial preset exits 0" 0 "$status"
contains "tutorial preset table" "Total params: 2,747,722" "$WORK/out"

run summary "$PUBLISHED"
check "published snippet without IMG_SIZE exits 1" 1 "$status"
contains "undefined name reported on stderr" "line 3, col 107: IMG_SIZE is not defined; give it a value" "$WORK/err"
contains "unclosed bracket warned on stderr" "warning: line 2, col 30: the brackets '([' opened here are never closed" "$WORK/err"

run summary --format json "$PUBLISHED"
check "published snippet as JSON exits 1" 1 "$status"
check "published snippet JSON is valid" valid "$(valid_json)"
contains "JSON lists the undefined name" '"undefined_names":["IMG_SIZE"]' "$WORK/out"
contains "JSON error has line and column" '"line":3,"column":107' "$WORK/out"

run summary --define IMG_SIZE=32 "$PUBLISHED"
check "published snippet with --define exits 0" 0 "$status"
contains "first formula" "3*288 + 32 = 896" "$WORK/out"
contains "last formula" "128*256 + 256 = 33024" "$WORK/out"
contains "total" "Total params: 126,272" "$WORK/out"

run summary --define=IMG_SIZE=32 --format=json "$PUBLISHED"
check "--option=value forms exit 0" 0 "$status"
check "--option=value JSON is valid" valid "$(valid_json)"

run summary -D IMG_SIZE=32 "$PUBLISHED"
check "-D exits 0" 0 "$status"

# ---- usage errors exit 2 ---------------------------------------------------------------------
run summary --no-such-option "$PUBLISHED"
check "unknown option exits 2" 2 "$status"
contains "unknown option named" "unknown option '--no-such-option'" "$WORK/err"

run summary --format xml "$PUBLISHED"
check "unknown format exits 2" 2 "$status"
contains "unknown format named" "unknown format 'xml'" "$WORK/err"

run summary --define 1X=3 "$PUBLISHED"
check "bad --define name exits 2" 2 "$status"
run summary --define IMG_SIZE "$PUBLISHED"
check "--define without a value exits 2" 2 "$status"
run summary --define "SHAPE=(28, 28" "$PUBLISHED"
check "--define with an unclosed bracket exits 2" 2 "$status"
run summary --define
check "--define at the end exits 2" 2 "$status"

run summary "$WORK/no/such/file.py"
check "missing file exits 2" 2 "$status"
contains "missing file named" "cannot read" "$WORK/err"

run summary --preset no-such-preset
check "unknown preset exits 2" 2 "$status"
run summary --preset tutorial "$PUBLISHED"
check "file and preset together exit 2" 2 "$status"
run summary "$PUBLISHED" "$PUBLISHED"
check "two files exit 2" 2 "$status"
run
check "no command exits 2" 2 "$status"
run frobnicate
check "unknown command exits 2" 2 "$status"
run --help
check "--help exits 0" 0 "$status"
contains "--help prints the usage" "usage: learnable summary" "$WORK/out"

# ---- standard input --------------------------------------------------------------------------
"$LEARNABLE" summary - <"$PUBLISHED" >"$WORK/out" 2>"$WORK/err"
check "stdin via - without the define exits 1" 1 "$?"
contains "stdin messages are labelled" "<stdin>: error: line 3, col 107" "$WORK/err"
"$LEARNABLE" summary --define IMG_SIZE=32 - <"$PUBLISHED" >"$WORK/out" 2>"$WORK/err"
check "stdin via - with the define exits 0" 0 "$?"
contains "stdin total" "Total params: 126,272" "$WORK/out"
printf 'model = Sequential([Input((4,)), Dense(2)])\n' | "$LEARNABLE" summary --format csv >"$WORK/out" 2>"$WORK/err"
check "stdin without a file argument exits 0" 0 "$?"
contains "stdin csv row" '1,dense,Dense,"(None, 2)",10,10,0,40,4*2 + 2 = 10,' "$WORK/out"

# ---- each format's key content ---------------------------------------------------------------
run summary --format table --preset lenet5
check "table exits 0" 0 "$status"
contains "table header" "Layer (type)" "$WORK/out"
contains "table totals" "Total params:" "$WORK/out"
contains "table trainable" "Trainable params:" "$WORK/out"
contains "table row" "C1 (Conv2D)" "$WORK/out"

run summary --format markdown --preset lenet5
check "markdown exits 0" 0 "$status"
contains "markdown header" "| # |" "$WORK/out"
contains "markdown row" "| 1 | C1 (Conv2D) | (None, 28, 28, 6) | 156 | 1*150 + 6 = 156 |" "$WORK/out"

run summary --format csv --preset lenet5
check "csv exits 0" 0 "$status"
check "csv header" "index,name,type,output_shape,params,trainable,non_trainable,bytes,formula,error" "$(head -n 1 "$WORK/out")"
contains "csv row" '1,C1,Conv2D,"(None, 28, 28, 6)",156,156,0,624,1*150 + 6 = 156,' "$WORK/out"

run summary --format json --preset lenet5
check "json exits 0" 0 "$status"
check "json is valid" valid "$(valid_json)"
keys="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(k for k in ["framework","input_shape","layers","total","trainable","non_trainable","errors","warnings"] if k in d))' "$WORK/out")"
check "json schema keys" "framework input_shape layers total trainable non_trainable errors warnings" "$keys"
layer_keys="$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["layers"][0]; print(l["name"], l["type"], l["output_shape"], l["params"], l["formula"])' "$WORK/out")"
check "json first layer" "C1 Conv2D [28, 28, 6] 156 1*150 + 6 = 156" "$layer_keys"
check "json framework and input" "keras [32, 32, 1] 61706" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["framework"], d["input_shape"], d["total"])' "$WORK/out")"

# ---- Keras JSON, the model document and --from ------------------------------------------------
KERAS_JSON="$(cd "$(dirname "${BASH_SOURCE[0]}")/../data/keras_json" && pwd)"
run summary "$KERAS_JSON/keras3_cnn.json"
check "Keras 3 JSON exits 0" 0 "$status"
contains "Keras JSON row with its name" "Conv1 (Conv2D)" "$WORK/out"
contains "Keras JSON total" "Total params: 183,498" "$WORK/out"
contains "Keras JSON non-trainable" "Non-trainable params: 128" "$WORK/out"

run summary --from keras-json --format json "$KERAS_JSON/tf_keras2_lenet.json"
check "--from keras-json exits 0" 0 "$status"
check "--from keras-json JSON is valid" valid "$(valid_json)"
check "tf.keras 2 JSON input and total" "[28, 28, 1] 44426" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["input_shape"], d["total"])' "$WORK/out")"

run summary --format json "$KERAS_JSON/keras3_built_custom_layer.json"
check "Keras JSON with an unknown layer exits 1" 1 "$status"
contains "unknown layer named with its JSON path" 'layers[1].class_name: Scale is not a layer type Learnable knows' "$WORK/out"

run summary "$KERAS_JSON/keras3_functional_residual.json"
check "branching Functional model exits 1" 1 "$status"
contains "branching Functional model says why" "layer 'add' takes 2 inputs" "$WORK/err"

printf '{"learnable": 1, "framework": "keras", "input_shape": [4],
 "layers": [{"type": "Dense", "name": "out", "args": {"units": 3}}]}
' >"$WORK/model.json"
run summary --format csv "$WORK/model.json"
check "model document exits 0" 0 "$status"
contains "model document row" '1,out,Dense,"(None, 3)",15,15,0,60,4*3 + 3 = 15,' "$WORK/out"
run summary --from json --define N=3 "$WORK/model.json"
check "model document with a define exits 0" 0 "$status"
contains "a define on JSON is a warning" "N is not used" "$WORK/err"

run summary --from keras-code "$WORK/model.json"
check "--from keras-code on JSON exits 1" 1 "$status"
run summary --from=keras-json "$PUBLISHED"
check "--from=keras-json on Python exits 1" 1 "$status"
contains "--from keras-json reads JSON" "not valid JSON" "$WORK/err"
printf 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n' >"$WORK/torch.py"
run summary "$WORK/torch.py"
check "PyTorch code without an input shape exits 1" 1 "$status"
contains "PyTorch code is read as PyTorch" "PyTorch" "$WORK/err"
run summary --from pytorch-code --preset tutorial
check "--from pytorch-code forces the format" 1 "$status"
run summary --from detect --preset tutorial
check "--from detect exits 0" 0 "$status"

run summary --from yaml "$WORK/model.json"
check "unknown --from exits 2" 2 "$status"
contains "unknown --from named" "unknown input format 'yaml'" "$WORK/err"
run summary --from
check "--from without a value exits 2" 2 "$status"

# ---- exports: other tools' printouts, LaTeX and code -------------------------------------------
run summary --format keras-summary --preset tutorial
check "keras-summary exits 0" 0 "$status"
check "keras-summary title" 'Model: "sequential"' "$(head -n 1 "$WORK/out")"
contains "keras-summary header" "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃" "$WORK/out"
contains "keras-summary row" "│ Conv2 (Conv2D)                  │ (None, 32, 32, 64)     │        18,496 │" "$WORK/out"
contains "keras-summary totals" " Total params: 2,747,722 (10.48 MB)" "$WORK/out"
contains "keras-summary non-trainable" " Non-trainable params: 0 (0.00 B)" "$WORK/out"

run summary --format latex --preset lenet5
check "latex exits 0" 0 "$status"
check "latex opens a booktabs tabular" '\begin{tabular}{llrl}' "$(sed -n 2p "$WORK/out")"
contains "latex row" 'C1 (Conv2D) & (None, 28, 28, 6) & 156 & $1 \times 150 + 6 = 156$ \\' "$WORK/out"
contains "latex total" 'Total params & & 61,706 & \\' "$WORK/out"
contains "latex closes" '\bottomrule' "$WORK/out"

run summary --format keras-code --preset vgg16
check "keras-code exits 0" 0 "$status"
check "keras-code imports" "import keras|from keras import layers" "$(head -n 2 "$WORK/out" | paste -sd '|')"
contains "keras-code input" "    keras.Input(shape=(224, 224, 3))," "$WORK/out"
contains "keras-code layer" "    layers.Conv2D(64, 3, padding='same', activation='relu', name='block1_conv1')," "$WORK/out"
"$LEARNABLE" summary --format keras-code --preset vgg16 | "$LEARNABLE" summary --format json - >"$WORK/out" 2>"$WORK/err"
check "exported Keras code reads back" 0 "$?"
check "exported Keras code counts the same" "138357544" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$WORK/out")"

run summary --format keras-json --preset lenet5
check "keras-json exits 0" 0 "$status"
check "keras-json is valid JSON" valid "$(valid_json)"
contains "keras-json is Keras 3's Sequential" '{"module": "keras", "class_name": "Sequential"' "$WORK/out"
"$LEARNABLE" summary --format keras-json --preset lenet5 | "$LEARNABLE" summary --format json - >"$WORK/out" 2>"$WORK/err"
check "exported Keras JSON reads back" 0 "$?"
check "exported Keras JSON counts the same" "61706" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$WORK/out")"

run summary --format pytorch-code --preset tutorial
check "pytorch-code of a Keras model exits 2" 2 "$status"
contains "pytorch-code of a Keras model says why" "pytorch-code is for PyTorch models, and this model follows Keras' conventions" "$WORK/err"
check "pytorch-code of a Keras model prints nothing" "" "$(cat "$WORK/out")"
run summary --format torchinfo --preset tutorial
check "torchinfo of a Keras model exits 2" 2 "$status"

printf '{"learnable": 1, "framework": "pytorch", "input_shape": [784],
 "layers": [{"type": "Linear", "name": "0", "args": {"in_features": 784, "out_features": 128}},
            {"type": "Dropout", "name": "1", "args": {"p": 0.2}},
            {"type": "Linear", "name": "2", "args": {"in_features": 128, "out_features": 10}}]}
' >"$WORK/torch_model.json"
run summary --format torchinfo "$WORK/torch_model.json"
check "torchinfo exits 0" 0 "$status"
contains "torchinfo header" "Layer (type:depth-idx)                   Output Shape              Param #" "$WORK/out"
contains "torchinfo row" "├─Linear: 1-1                            [1, 128]                  100,480" "$WORK/out"
contains "torchinfo total" "Total params: 101,770" "$WORK/out"
run summary --format pytorch-code "$WORK/torch_model.json"
check "pytorch-code exits 0" 0 "$status"
check "pytorch-code imports" "import torch|import torch.nn as nn" "$(head -n 2 "$WORK/out" | paste -sd '|')"
contains "pytorch-code input comment" "# Input: (N, 784), N being the batch size" "$WORK/out"
contains "pytorch-code module" "    nn.Linear(784, 128)," "$WORK/out"
contains "pytorch-code runs a batch of two" "print(model(torch.randn(2, 784)).shape)  # torch.Size([2, 10])" "$WORK/out"
contains "pytorch-code summary hint" "# summary(model, input_size=(1, 784))" "$WORK/out"
run summary --format keras-code "$WORK/torch_model.json"
check "keras-code of a PyTorch model exits 2" 2 "$status"

run summary --format latex "$PUBLISHED"
check "an export of a model with errors still exits 1" 1 "$status"
contains "its errors go to stderr" "line 3, col 107: IMG_SIZE is not defined" "$WORK/err"

# ---- --framework: the same model counted the other framework's way ---------------------------
run summary --preset tutorial --framework pytorch
check "tutorial as PyTorch exits 0" 0 "$status"
contains "tutorial as PyTorch keeps the total" "Total params: 2,747,722" "$WORK/out"
contains "tutorial as PyTorch has Conv2d modules" "Conv1 (Conv2d)" "$WORK/out"
contains "tutorial as PyTorch notes Flatten's order" "warning: line 9, col 5: Flatten: PyTorch lays out the values" "$WORK/err"

run summary --preset text_lstm --framework=pytorch
contains "LSTM's second bias vector noted" "4*64 = 256 more parameters (Keras: 33,024; PyTorch: 33,280)" "$WORK/err"

run summary --preset tutorial --framework pytorch --format json
check "tutorial as PyTorch JSON is valid" valid "$(valid_json)"
contains "JSON says pytorch" '"framework":"pytorch"' "$WORK/out"
contains "JSON input is channels-first" '"input_shape":[3,32,32]' "$WORK/out"
contains "JSON carries the notes as warnings" 'channel by channel' "$WORK/out"

run summary --preset tutorial --framework keras
check "a Keras model as Keras exits 0" 0 "$status"
check "a Keras model as Keras has no notes" "" "$(cat "$WORK/err")"

printf '{"learnable": 1, "framework": "pytorch", "input_shape": [64, 8, 8], "layers": [{"type": "BatchNorm2d", "args": {"num_features": 64}}]}' >"$WORK/bn.json"
run summary --framework keras "$WORK/bn.json"
check "a PyTorch document as Keras exits 0" 0 "$status"
contains "BatchNorm2d becomes BatchNormalization" "(BatchNormalization)" "$WORK/out"
contains "Keras counts the moving statistics" "Non-trainable params: 128" "$WORK/out"
contains "the buffers are noted" "(PyTorch: 128; Keras: 256)" "$WORK/err"

printf '{"learnable": 1, "framework": "pytorch", "input_shape": [3, 32, 32], "layers": [{"type": "Conv2d", "args": {"in_channels": 3, "out_channels": 16, "kernel_size": 3, "padding": 1}}, {"type": "Flatten"}, {"type": "Linear", "args": {"in_features": 16384, "out_features": 10}}]}' >"$WORK/torch_cnn.json"
run summary --framework keras "$WORK/torch_cnn.json"
check "a PyTorch CNN as Keras exits 0" 0 "$status"
contains "Conv2d becomes Conv2D, channels last" "conv2d (Conv2D)             (None, 32, 32, 16)        448" "$WORK/out"
contains "a PyTorch CNN as Keras keeps the total" "Total params: 164,298" "$WORK/out"
contains "Flatten's order noted" "flatten: Keras lays out the values of (None, 32, 32, 16)" "$WORK/err"

# ---- parameters frozen one by one, modules used twice ------------------------------------------
printf 'import torch.nn as nn\nconv = nn.Conv2d(3, 3, 3, padding=1)\nmodel = nn.Sequential(conv, nn.ReLU(), conv, nn.Flatten(), nn.Linear(192, 10))\nmodel[4].bias.requires_grad_(False)\n' >"$WORK/frozen.py"
run summary --input-shape 3,8,8 "$WORK/frozen.py"
check "frozen bias and shared conv exit 0" 0 "$status"
contains "a module used twice counts once" "Total params: 2,014 " "$WORK/out"
contains "the frozen bias is non-trainable" "Non-trainable params: 10 " "$WORK/out"
contains "the second use shares" "shares its weights with 0 (84 counted there)" "$WORK/out"
run summary --input-shape 3,8,8 --format pytorch-code "$WORK/frozen.py"
contains "pytorch-code writes the freeze back" "model[4].bias.requires_grad_(False)" "$WORK/out"
cp "$WORK/out" "$WORK/frozen_again.py"
run summary --format json "$WORK/frozen_again.py"
contains "the exported code counts the same" '"total":2014,"trainable":2004,"non_trainable":10' "$WORK/out"
printf 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\nmodel[0].bais.requires_grad_(False)\n' >"$WORK/bais.py"
run summary --input-shape 4 "$WORK/bais.py"
check "an unknown parameter exits 1" 1 "$status"
contains "an unknown parameter is named with the ones there are, at its line" "line 3, col 1: 0: Linear has no parameter 'bais'; its parameters are weight, bias; did you mean 'bias'?" "$WORK/err"

run summary --preset tutorial --framework tensorflow
check "unknown framework is a usage error" 2 "$status"
contains "unknown framework named" "unknown framework 'tensorflow'; use keras or pytorch" "$WORK/err"

# ---- PyTorch code and --input-shape -----------------------------------------------------------
cat >"$WORK/cnn.py" <<'PY'
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(32 * 16 * 16, 10),
)
model.to(device)
PY
run summary --input-shape 3,32,32 "$WORK/cnn.py"
check "PyTorch code with --input-shape exits 0" 0 "$status"
contains "PyTorch total" "Total params: 82,826" "$WORK/out"
contains "PyTorch module names" " 0 (Conv2d)" "$WORK/out"
check "PyTorch code with --input-shape warns of nothing" "" "$(cat "$WORK/err")"
run summary --format json --input-shape=3,32,32 "$WORK/cnn.py"
check "PyTorch JSON is valid" valid "$(valid_json)"
contains "PyTorch JSON framework and input" '{"framework":"pytorch","input_shape":[3,32,32]' "$WORK/out"
contains "PyTorch JSON channels-first shape" '"name":"0","type":"Conv2d","output_shape":[32,32,32]' "$WORK/out"

run summary "$WORK/cnn.py"
check "PyTorch code without an input shape exits 1" 1 "$status"
contains "PyTorch code says how to give the input shape" "line 4, col 9: PyTorch code does not carry the input shape: give it with --input-shape 3,32,32, or call summary(model, (3, 32, 32)) in the snippet" "$WORK/err"
contains "PyTorch modules still listed" " 4 (Linear)" "$WORK/out"

printf 'from torchsummary import summary\nsummary(model, (3, 32, 32))\n' | cat "$WORK/cnn.py" - >"$WORK/cnn_summary.py"
run summary "$WORK/cnn_summary.py"
check "summary(model, ...) in the code gives the input shape" 0 "$status"
contains "summary(model, ...) total" "Total params: 82,826" "$WORK/out"

printf 'from collections import OrderedDict\nfrom torch import nn\nmodel = nn.Sequential(OrderedDict([\n    ("fc1", nn.Linear(4, 8)),\n    ("act", nn.Frobnicate()),\n    ("fc2", nn.Linear(8, 2)),\n]))\n' >"$WORK/named.py"
run summary --input-shape 4 "$WORK/named.py"
check "an unknown module exits 1" 1 "$status"
contains "OrderedDict names" " fc1 (Linear)" "$WORK/out"
contains "the unknown module is named" "line 5, col 13: act: unknown module 'Frobnicate'" "$WORK/err"

run summary --input-shape 16,16,3 --preset tutorial
check "--input-shape on Keras code exits 0" 0 "$status"
contains "--input-shape replaces Keras' input" "warning: the text gives the input shape (None, 32, 32, 3); using the given input shape (None, 16, 16, 3)" "$WORK/err"
contains "--input-shape changes the count" "(None, 16, 16, 32)" "$WORK/out"

for bad in 3,x,32 0,32 3,,32 -3 '' 3.5 99999999999999999999; do
  run summary --input-shape "$bad" "$WORK/cnn.py"
  check "--input-shape '$bad' exits 2" 2 "$status"
  contains "--input-shape '$bad' says why" "--input-shape $bad: expected positive integers separated by commas, such as 3,32,32" "$WORK/err"
done
run summary "$WORK/cnn.py" --input-shape
check "--input-shape without a value exits 2" 2 "$status"
contains "--input-shape needs a value" "--input-shape needs a value" "$WORK/err"

# ---- input that is not a model ---------------------------------------------------------------
printf '' >"$WORK/empty.py"
run summary --format json "$WORK/empty.py"
check "empty file exits 1" 1 "$status"
check "empty file JSON is valid" valid "$(valid_json)"
contains "empty file says why" "no Keras Sequential model found" "$WORK/out"

printf 'inputs = keras.Input(shape=(4,))\noutputs = layers.Dense(2)(inputs)\nmodel = keras.Model(inputs, outputs)\n' >"$WORK/functional.py"
run summary "$WORK/functional.py"
check "functional API exits 1" 1 "$status"
contains "functional API named" "functional-API model" "$WORK/err"

# Garbage must end in a normal exit (1), never a signal (status > 128).
head -c 65536 /dev/urandom >"$WORK/garbage.bin"
printf '\x00\xff\xfe(((([[[[{{{{"\x80\x80\n\\\n' >>"$WORK/garbage.bin"
for format in table json markdown csv keras-summary latex keras-code keras-json; do
  run summary --format "$format" "$WORK/garbage.bin"
  check "garbage binary input ($format) exits 1" 1 "$status"
done
run summary --format json "$WORK/garbage.bin"
check "garbage JSON is valid" valid "$(valid_json)"

python3 -c 'print("(" * 100000)' >"$WORK/deep.py"
run summary "$WORK/deep.py"
check "deep nesting exits 1" 1 "$status"

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
