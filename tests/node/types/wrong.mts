// Mistakes the declarations must catch (module.test.mjs expects tsc to report each line marked
// `error:`, and nothing else).
import Learnable from './learnable.mjs';

const api = await Learnable();
const total: string = api.summarize('x').total; // error: a count is a number
api.summarize('x', { inputshape: [3, 32, 32] }); // error: the option is inputShape
api.exportModel('x', 'pdf'); // error: not an export format
api.convertModel('x', 'jax'); // error: not a framework
const line: number = api.summarize('x').errors[0]!.line; // error: line may be null
api.summarizeModel({ layers: [] }); // error: a model document needs learnable and framework
api.summarise('x'); // error: no such function
export { total, line };
