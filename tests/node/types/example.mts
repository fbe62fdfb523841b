// How a TypeScript tutorial page uses learnable.mjs; type-checked against learnable.d.mts by
// module.test.mjs (tsc --noEmit --strict), next to the real answers it writes as typed literals.
import Learnable, { type LayerSummary, type LearnableApi, type Message, type ModelDocument } from './learnable.mjs';

const api: LearnableApi = await Learnable();

const code = `model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(32, 3, padding="same")])`;
const summary = api.summarize(code, { defines: { IMG_SIZE: 32, SHAPE: [28, 28, 1], ACT: "'relu'" }, from: 'keras-code' });
const formulas: string[] = summary.layers.map((l: LayerSummary) => `${l.name}: ${l.formula}`);
const at = (m: Message): string => (m.line === null ? m.message : `${m.line}:${m.column ?? 0} ${m.message}`);
const problems: string[] = [...summary.errors, ...summary.warnings].map(at);
const total: number = summary.total;
const buffers: number | undefined = summary.buffers;

const torch = api.summarize('model = nn.Sequential(nn.Conv2d(3, 16, 3))', { inputShape: [3, 32, 32], framework: 'pytorch' });
const firstShape: (number | null)[] | null = torch.layers[0]?.output_shape ?? null;

const { model }: { model: ModelDocument } = api.modelFromCode(code);
model.layers.push({ type: 'Dense', name: 'Output', args: { units: 10, activation: 'softmax' } });
const again = api.summarizeModel(model);
const asText = api.summarizeModel(JSON.stringify(model));
const fragment: string | null = api.encodeShareFragment(model).fragment;
if (fragment !== null) api.decodeShareFragment(`#${fragment}`).model.layers.length;
const converted = api.convertModel(model, 'pytorch');
const origins: number[] = converted.origin;
const table: string = api.summaryTable(model).text + api.summaryMarkdown(model).text + api.summaryCsv(model).text;
const exported: string | null = api.exportModel(model, 'pytorch-code').text;
const names: string[] = api.exportFormats().map((f) => f.name);
const tutorial = api.preset('tutorial');
const presetCode: string | null = tutorial.code;
const kinds = api.layerTypes().flatMap((t) => t.args.map((a) => a.kind));
const rows = api.formulaTable().rows.filter((r) => r.problem === null).length;
const ids = api.presets().map((p) => p.id);
const why = api.explainTotal(model, '2,747,722').causes.filter((c) => c.matches).map((c) => `${c.title}: ${c.detail}`);
const verdict = api.checkQuizAnswer(model, 'Conv1', 864);
const hint: string = verdict.correct ? 'right' : (verdict.hint ?? verdict.errors.map(at).join('; '));

export const used = [formulas, problems, total, buffers, firstShape, again.total, asText.total, origins, table,
  exported, names, presetCode, kinds, rows, ids, why, hint];
