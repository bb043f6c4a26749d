/**
 * The functions a Northflank template may call as `${fn.<name>(<arguments>)}`, as Northflank's documentation lists
 * them ("Make a template dynamic" → "Use Northflank functions"). Arity is checked; argument types only where a
 * literal says something for sure (see checkCall in check.ts): references and nested calls are resolved by Northflank
 * when the template runs.
 */
export interface TemplateFunction {
  /** The parameters as the documentation writes them, for completion and hover. */
  params: string[];
  min: number;
  /** Undefined: any number of arguments. */
  max?: number;
  description: string;
}

const variadic = (first: string, second: string, what: string): TemplateFunction => ({ params: [first, second, '...'], min: 1, description: `${what}; accepts any number of arguments.` });

export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  // General
  randomSecret: { params: ['length: number', "encoding?: 'base64' | 'hex'"], min: 1, max: 2, description: 'A random secret of the given length, base64 (the default) or hex. Stored in the target resource and kept on later runs unless it is removed.' },
  // Named in Northflank's documentation of nested templates (`${template.fn.randomString(64)}`), not in its list.
  randomString: { params: ['length: number'], min: 1, max: 2, description: 'A random string of the given length (named in Northflank\'s documentation of nested templates).' },
  date: { params: ['format?: string'], min: 0, max: 1, description: 'The current UTC date and time in ISO 8601, or formatted with Moment.js options such as `\'YYYYMMDD\'`.' },
  fetchSecret: { params: ['secretId: string'], min: 1, max: 1, description: 'The global secret with the given id (like `secrets.<id>`, for an id that changes).' },
  // Strings
  toBase64: { params: ['string: string'], min: 1, max: 1, description: 'A UTF-8 string encoded to base64.' },
  fromBase64: { params: ['base64: string'], min: 1, max: 1, description: 'A base64 string decoded to UTF-8.' },
  slug: { params: ['string: string'], min: 1, max: 1, description: 'A slug: lower case, hyphens instead of spaces.' },
  indexOf: { params: ['string: string', 'match: string'], min: 2, max: 2, description: 'The index of the first instance of `match`, or -1.' },
  search: { params: ['string: string', 'match: string | regex'], min: 2, max: 2, description: 'The index of the first match of the pattern, or -1.' },
  replace: { params: ['original: string', 'match: string | regex', 'replacement: string'], min: 3, max: 3, description: 'The first match replaced.' },
  replaceAll: { params: ['original: string', 'match: string | regex', 'replacement: string'], min: 3, max: 3, description: 'Every match replaced.' },
  slice: { params: ['original: string', 'startIndex: integer', 'endIndex?: integer'], min: 2, max: 3, description: 'The part of the string between the indexes.' },
  length: { params: ['string: string'], min: 1, max: 1, description: 'The length of the string.' },
  toUpper: { params: ['string: string'], min: 1, max: 1, description: 'The string in upper case.' },
  toLower: { params: ['string: string'], min: 1, max: 1, description: 'The string in lower case.' },
  split: { params: ['string: string', 'separator: string | regex', 'limit?: integer'], min: 2, max: 3, description: 'The string split at the separator, into at most `limit` parts.' },
  join: { params: ['strings: string[]', 'separator?: string'], min: 1, max: 2, description: 'The strings joined, with the separator between them.' },
  // Booleans
  not: { params: ['boolean'], min: 1, max: 1, description: 'Not.' },
  or: variadic('boolean1', 'boolean2', 'Or'),
  and: variadic('boolean1', 'boolean2', 'And'),
  if: { params: ['boolean', 'then: any', 'else?: any'], min: 2, max: 3, description: '`then` when the condition is true, otherwise `else` (when given).' },
  eq: variadic('equal1', 'equal2', 'Equals'),
  neq: variadic('not1', 'not2', 'Not equals'),
  gt: { params: ['num1: number', 'num2: number'], min: 2, max: 2, description: 'Greater than.' },
  lt: { params: ['num1: number', 'num2: number'], min: 2, max: 2, description: 'Less than.' },
  gte: { params: ['num1: number', 'num2: number'], min: 2, max: 2, description: 'Greater than or equal to.' },
  lte: { params: ['num1: number', 'num2: number'], min: 2, max: 2, description: 'Less than or equal to.' },
  // Maths
  add: variadic('a', 'b', 'The sum'),
  subtract: variadic('a', 'b', 'The first number minus the others'),
  multiply: variadic('a', 'b', 'The product'),
  divide: { params: ['a: number', 'b: number'], min: 2, max: 2, description: '`a` divided by `b`.' },
  remainder: { params: ['a: number', 'b: number'], min: 2, max: 2, description: 'The remainder of `a` divided by `b`.' },
  exp: { params: ['a: number', 'b: number'], min: 2, max: 2, description: '`a` to the power of `b`.' },
  floor: { params: ['a: number'], min: 1, max: 1, description: 'The floor of `a`.' },
  ceil: { params: ['a: number'], min: 1, max: 1, description: 'The ceiling of `a`.' },
  // Objects
  get: { params: ['object: object | array', 'field: string'], min: 2, max: 2, description: 'The value at a path inside an object or array.' },
  stringifyJSON: { params: ['input: any'], min: 1, max: 1, description: 'The input as a JSON string.' },
  parseJSON: { params: ['string: string'], min: 1, max: 1, description: 'The value of a JSON string, or `\'\'` when it cannot be read.' },
  entries: { params: ['object: object'], min: 1, max: 1, description: 'The key-value pairs of an object, as arrays of two.' },
  values: { params: ['object: object'], min: 1, max: 1, description: 'The values of an object.' },
  keys: { params: ['object: object'], min: 1, max: 1, description: 'The keys of an object.' },
  // Arrays
  find: { params: ['array: T[]', 'fn: (item, index) => boolean'], min: 2, max: 2, description: 'The first item for which the function is truthy, or undefined.' },
  concat: variadic('arr1', 'arr2', 'The arrays joined into one'),
  some: { params: ['array: T[]', 'fn: (item, index) => boolean'], min: 2, max: 2, description: 'Whether the function is truthy for any item.' },
  every: { params: ['array: T[]', 'fn: (item, index) => boolean'], min: 2, max: 2, description: 'Whether the function is truthy for every item.' },
  filter: { params: ['array: T[]', 'fn: (item, index) => boolean'], min: 2, max: 2, description: 'The items for which the function is truthy.' },
  map: { params: ['array: T[]', 'fn: (item, index) => any'], min: 2, max: 2, description: 'The results of the function for each item.' },
  arrSlice: { params: ['array: T[]', 'start: integer', 'end?: integer'], min: 2, max: 3, description: 'A part of the array (a negative start counts from the end).' },
  arrLength: { params: ['array: T[]'], min: 1, max: 1, description: 'The length of the array.' },
};

export function isTemplateFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(TEMPLATE_FUNCTIONS, name);
}

/** `randomSecret(length: number, encoding?)`: the signature as one line. */
export function signature(name: string): string {
  const f = TEMPLATE_FUNCTIONS[name];
  return `${name}(${f ? f.params.join(', ') : ''})`;
}
