// TypeScript declarations of learnable.mjs, Learnable's JS API as an ES module, and of the JSON
// schema its answers follow (src/core/js_api.h, src/core/summary.cpp, src/core/model_json.h).
// Every function takes any arguments and never throws: bad input becomes an entry in `errors`.
// The build also writes this file as learnable.d.mts, where TypeScript looks for the types of
// `import ... from './learnable.mjs'`.
//
//   import Learnable from './learnable.mjs';
//   const api = await Learnable();
//   const summary = api.summarize(code);  // SummaryAnswer

/** The framework whose conventions a model is counted in. */
export type Framework = 'keras' | 'pytorch';

/** A dimension of a shape: a size, or null where it is unknown (None in Keras). */
export type Dim = number | null;

/** An error or warning, placed where it was found. */
export interface Message {
  /** 1-based line in the text that was read; null when the message has no place in it. */
  line: number | null;
  /** 1-based column; null exactly when `line` is. */
  column: number | null;
  /** The layer it concerns, by name; null for the model as a whole. */
  layer: string | null;
  message: string;
  /** The line of text with a caret under the column; '' when there is no place. */
  excerpt: string;
}

/** What every answer carries. */
export interface Messages {
  errors: Message[];
  warnings: Message[];
}

// ---- The model document -------------------------------------------------------------------

/**
 * An argument's value in a model document: null (None), booleans, integers, floats, strings,
 * arrays for tuples, {list: [...]} for Python lists and {expr: '...'} for kept expressions.
 */
export type ArgumentValue =
  | null
  | boolean
  | number
  | string
  | ArgumentValue[]
  | { list: ArgumentValue[] }
  | { expr: string };

/** One layer of a model document. */
export interface LayerDocument {
  /** The layer type, such as 'Conv2D' or 'nn.Linear'. */
  type: string;
  name?: string;
  /** Its arguments by their framework's names: {filters: 32, kernel_size: [3, 3]}. */
  args: Record<string, ArgumentValue>;
  /** PyTorch: the parameters requires_grad_(False) freezes one by one, such as ['bias']. */
  frozen?: string[];
  /** PyTorch: the name of the earlier layer that is the same module (its weights counted there). */
  shares?: string;
  /** A wrapper's inner layer (Bidirectional, TimeDistributed). */
  layer?: LayerDocument;
  /** Bidirectional's backward layer, when it is given. */
  backward_layer?: LayerDocument;
}

/**
 * The model itself: what the app autosaves, what share links carry and what summarizeModel()
 * takes. `learnable` is the document's version (2 when a layer has `frozen` or `shares`, else 1).
 */
export interface ModelDocument {
  learnable: 1 | 2;
  framework: Framework;
  /** The input without the batch, in the framework's layout; null when not given. */
  input_shape: Dim[] | null;
  layers: LayerDocument[];
}

/** A model document as an object, or as its JSON text. */
export type ModelInput = ModelDocument | string;

// ---- Summaries ----------------------------------------------------------------------------

/** One weight (or, in PyTorch, buffer) of a layer. */
export interface WeightSummary {
  name: string;
  shape: number[];
  /** The product of `shape`. */
  count: number;
  trainable: boolean;
  /** PyTorch summaries only: a buffer (BatchNorm's running statistics), not a parameter. */
  buffer?: boolean;
}

export type LayerStatus = 'ok' | 'error' | 'waiting';

/** One layer of a summary. */
export interface LayerSummary {
  /** Stable within one answer, > 0. */
  id: number;
  name: string;
  type: string;
  /** Without the batch; null unless status is 'ok'. */
  output_shape: Dim[] | null;
  /** trainable + non_trainable. */
  params: number;
  trainable: number;
  non_trainable: number;
  /** 4 × params (float32). */
  bytes: number;
  /** PyTorch summaries only: the values of the layer's buffers, which are not parameters. */
  buffers?: number;
  /** The worked formula, such as '3*288 + 32 = 896'. */
  formula: string;
  /** The worked explanation, one step per string. */
  explanation: string[];
  weights: WeightSummary[];
  /** 'waiting': an earlier layer's error leaves this one without an input shape. */
  status: LayerStatus;
  error: string | null;
  /** The argument the error is about, such as 'kernel_size'. */
  error_argument: string | null;
}

/** summarize() and summarizeModel(): the schema of `learnable summary --format json`. */
export interface SummaryAnswer extends Messages {
  framework: Framework;
  input_shape: Dim[] | null;
  layers: LayerSummary[];
  total: number;
  trainable: number;
  non_trainable: number;
  bytes: number;
  /** PyTorch summaries only: the values of all buffers. */
  buffers?: number;
  /** Names the code used without defining them (define them with options.defines). */
  undefined_names: string[];
}

// ---- Options and other answers ------------------------------------------------------------

/** The format of the text summarize() reads; detected when not given. */
export type SourceFormat = 'keras-code' | 'keras-json' | 'pytorch-code' | 'json' | 'detect';

export interface ReadOptions {
  /**
   * Names the code uses without defining them. A string is Python source (as `--define` takes
   * it); anything else is a value: {IMG_SIZE: 32, SHAPE: [28, 28, 1], ACT: "'relu'"}.
   */
  defines?: Record<string, number | boolean | string | Array<number | boolean | string>> | null;
  from?: SourceFormat | null;
  /**
   * The model's input without the batch, in its framework's layout ([3, 32, 32] for PyTorch).
   * PyTorch code needs it unless the code calls summary(model, ...).
   */
  inputShape?: number[] | null;
}

export interface SummarizeOptions extends ReadOptions {
  /** Count the model in this framework's conventions; the conversion's notes are warnings. */
  framework?: Framework | null;
}

/** modelFromCode(), preset(), decodeShareFragment(). */
export interface ModelAnswer extends Messages {
  model: ModelDocument;
  undefined_names: string[];
}

export interface ConvertAnswer extends Messages {
  model: ModelDocument;
  /** Per layer: what changed, or what has no exact equivalent. */
  notes: Message[];
  /** Each converted layer's index in the source model. */
  origin: number[];
  /** The source layers without a counterpart, by index. */
  left_out: number[];
}

export type ArgumentKind = 'int' | 'ints' | 'choice' | 'bool' | 'float' | 'activation' | 'int_list' | 'layer' | 'any';

export interface ArgumentType {
  name: string;
  kind: ArgumentKind;
  /** null when required. */
  default: ArgumentValue;
  /** The default as Python source. */
  default_python: string;
  required: boolean;
  /** For kind 'ints': how many integers (2 for kernel_size of Conv2D); else null. */
  rank: number | null;
  choices: string[];
  /** Whether the argument changes the parameter count. */
  counted: boolean;
}

export interface LayerType {
  name: string;
  group: string;
  summary: string;
  alias_of: string | null;
  /** How many arguments can be given by position. */
  positional: number;
  example: string | null;
  example_input: Dim[] | null;
  args: ArgumentType[];
}

export interface PresetListing {
  id: string;
  title: string;
  /** Keras code. */
  code: string;
}

export interface PresetAnswer extends ModelAnswer {
  /** null when there is no such preset. */
  id: string | null;
  title: string | null;
  code: string | null;
}

export interface FormulaRow {
  type: string;
  example: string;
  input_shape: Dim[];
  output_shape: Dim[] | null;
  params: number;
  formula: string;
  problem: string | null;
}

export interface FormulaTable {
  /** The README's table. */
  markdown: string;
  rows: FormulaRow[];
}

export interface ShareFragmentAnswer extends Messages {
  /** What follows '#' in a share link; null when the model document has errors. */
  fragment: string | null;
}

export interface TextAnswer extends Messages {
  text: string;
}

export type ExportFormat =
  | 'keras-summary' | 'torchinfo' | 'latex' | 'keras-code' | 'keras-json' | 'pytorch-code'
  | 'markdown' | 'csv' | 'table' | 'json';

export interface ExportAnswer extends Messages {
  /** null when the model cannot be read or the format is for the other framework. */
  text: string | null;
  format: ExportFormat | null;
  framework: Framework;
}

export interface ExportFormatListing {
  name: ExportFormat;
  frameworks: Framework[];
}

/** One reason a framework may print another total for the model (explainTotal). */
export interface TotalCause {
  /**
   * What was checked: 'same', 'framework', 'no_biases', 'with_biases', 'layer_bias',
   * 'global_pooling', 'flatten', 'trainable_only', 'buffers', 'optimizer', ...
   */
  id: string;
  /** Short: "PyTorch's conventions", "Trainable params only". */
  title: string;
  /** One or two sentences with the numbers: what differs and the total it gives. */
  detail: string;
  /** The total this cause would give. */
  total: number;
  /** total equals the reported number. */
  matches: boolean;
}

export interface ExplainTotalAnswer extends Messages {
  /** Best match first; [] when an argument is bad. */
  causes: TotalCause[];
  /** The model's own count; null when the model cannot be read. */
  total: number | null;
  /** The reported number as read; null when it cannot be read. */
  reported: number | null;
}

/**
 * checkQuizAnswer's verdict. When the arguments are bad or the layer cannot be quizzed, correct
 * is false, the other fields of the verdict are null and errors say why.
 */
export interface QuizAnswer extends Messages {
  correct: boolean;
  /** The layer's count in the model's framework. */
  expected: number | null;
  /** The step of the worked explanation that differs ('weights', 'biases', 'kernel size', ...); '' when none. */
  step: string | null;
  hint: string | null;
  /** The worked formula and its steps, for after the hint. */
  reveal: string | null;
  /** What the answer probably got wrong ('forgot_biases', 'kernel_once', ...); '' when none. */
  mistake: string | null;
  /** The index of `step` in `explanation`; -1 when the answer is right or no step is named. */
  step_index: number | null;
  formula: string | null;
  explanation: string[] | null;
}

/** A count as explainTotal and checkQuizAnswer read it: a whole number, or digits with commas ("2,747,722"). */
export type Count = number | string;

/**
 * What a function other than summarize and summarizeModel answers in the one case it cannot
 * answer at all (an internal fault of the module): the fault in `errors`, nothing else.
 */
export type Failure = Messages;

// ---- The API ------------------------------------------------------------------------------

export interface LearnableApi {
  /**
   * Counts a model given as text: Keras code, Keras JSON (model.to_json(), tfjs' toJSON()),
   * PyTorch code or a model document's JSON.
   */
  summarize(text: string, options?: SummarizeOptions): SummaryAnswer;
  /** Counts a model document. */
  summarizeModel(model: ModelInput): SummaryAnswer;
  /** Reads code into a model document; errors are what could not be read. */
  modelFromCode(text: string, options?: ReadOptions): ModelAnswer;
  /** The model in the other framework's conventions. `model` may also be any text summarize reads. */
  convertModel(model: ModelInput, framework: Framework): ConvertAnswer;
  /** Every layer type and its arguments. */
  layerTypes(): LayerType[];
  presets(): PresetListing[];
  /** One preset, with its model document: preset('tutorial'). */
  preset(id: string): PresetAnswer;
  formulaTable(): FormulaTable;
  /** The fragment of a share link (without '#') for a model document. */
  encodeShareFragment(model: ModelInput): ShareFragmentAnswer;
  /** The model a share link's fragment carries ('#' optional). */
  decodeShareFragment(fragment: string): ModelAnswer;
  summaryMarkdown(model: ModelInput): TextAnswer;
  summaryCsv(model: ModelInput): TextAnswer;
  /** The table as Keras' model.summary() prints it, with a Formula column. */
  summaryTable(model: ModelInput): TextAnswer;
  /** `model` may also be any text summarize reads, with summarize's options. */
  exportModel(model: ModelInput, format: ExportFormat, options?: ReadOptions): ExportAnswer;
  exportFormats(): ExportFormatListing[];
  /**
   * Why a framework may print `reported` for this model: the causes it can check (framework
   * conventions, biases, Flatten vs global pooling, optimizer variables), best match first.
   * `model` may also be any text summarize reads.
   */
  explainTotal(model: ModelInput, reported: Count): ExplainTotalAnswer;
  /**
   * Quiz mode: is `answer` the parameter count of the layer (its 0-based index, or its name)?
   * When it is not, which step of the worked explanation differs.
   */
  checkQuizAnswer(model: ModelInput, layerIndex: number | string, answer: Count): QuizAnswer;
}

/**
 * Loads learnable.js and learnable.wasm (found beside learnable.mjs) once; every call resolves
 * to the same API object. Rejects only when the files cannot be loaded.
 */
declare function Learnable(): Promise<LearnableApi>;

export default Learnable;
export { Learnable };
