export { extractExamples, MissingReasonError } from './extract-examples';
export type { Example } from './extract-examples';
export { typeCheckExamples } from './type-check-examples';
export type { ExampleProblem } from './type-check-examples';
