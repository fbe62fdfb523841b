// The JS half of the bindings (linked with --post-js): the public API of the `Learnable` module.
// Every function takes any arguments, never throws, and answers with a plain object parsed from
// the core's JSON. The checks and messages are the core's (src/core/js_api.h); this file only
// describes each argument (its type, and its text unless it is too long to copy).
(function (module) {
  'use strict';

  function describe(value) {
    var type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    var arg = {type: type, text: '', length: 0, unreadable: false};
    var text = type === 'string' ? value : undefined;
    if (type === 'object' || type === 'array' || type === 'number' || type === 'boolean') {
      try {
        text = JSON.stringify(value);
      } catch (e) {
        text = undefined;
      }
      arg.unreadable = typeof text !== 'string';
    }
    if (typeof text === 'string') {
      arg.length = text.length;
      if (text.length <= module['rawMaxInputLength']) arg.text = text;
    }
    return arg;
  }

  function failure(error, schema) {
    var message = {line: null, column: null, layer: null, excerpt: '',
                   message: 'Learnable could not answer: ' + String(error)};
    var answer = {errors: [message], warnings: []};
    if (schema) {
      answer = {framework: 'keras', input_shape: null, layers: [], total: 0, trainable: 0,
                non_trainable: 0, bytes: 0, errors: [message], warnings: [], undefined_names: []};
    }
    return answer;
  }

  // api('rawSummarize', 2, true): the public function over a raw binding taking `arity` JsArgs.
  function api(raw, arity, schema) {
    return function () {
      try {
        var args = [];
        for (var i = 0; i < arity; ++i) args.push(describe(arguments[i]));
        return JSON.parse(module[raw].apply(null, args));
      } catch (e) {
        return failure(e, schema);
      }
    };
  }

  module['summarize'] = api('rawSummarize', 2, true);
  module['summarizeModel'] = api('rawSummarizeModel', 1, true);
  module['modelFromCode'] = api('rawModelFromCode', 2, false);
  module['convertModel'] = api('rawConvertModel', 2, false);
  module['layerTypes'] = api('rawLayerTypes', 0, false);
  module['presets'] = api('rawPresets', 0, false);
  module['preset'] = api('rawPreset', 1, false);
  module['formulaTable'] = api('rawFormulaTable', 0, false);
  module['encodeShareFragment'] = api('rawEncodeShareFragment', 1, false);
  module['decodeShareFragment'] = api('rawDecodeShareFragment', 1, false);
  module['summaryMarkdown'] = api('rawSummaryMarkdown', 1, false);
  module['summaryCsv'] = api('rawSummaryCsv', 1, false);
  module['summaryTable'] = api('rawSummaryTable', 1, false);
  module['exportModel'] = api('rawExportModel', 3, false);
  module['exportFormats'] = api('rawExportFormats', 0, false);
  module['explainTotal'] = api('rawExplainTotal', 2, false);
  module['checkQuizAnswer'] = api('rawCheckQuizAnswer', 3, false);
})(Module);
