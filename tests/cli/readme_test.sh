#!/usr/bin/env bash
# Keeps the README true: its formula table must be exactly what `learnable formulas` prints.
set -u
readme=$(dirname "$0")/../../README.md
documented=$(sed -n '/<!-- formulas:begin -->/,/<!-- formulas:end -->/p' "$readme" | sed '1d;$d')
generated=$("$LEARNABLE" formulas)
if [ "$documented" != "$generated" ]; then
  echo "README.md's formula table differs from 'learnable formulas'; regenerate it:" >&2
  diff <(echo "$documented") <(echo "$generated") >&2
  exit 1
fi
echo "README formula table matches"
