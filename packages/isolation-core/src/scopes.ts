/** The scope of objects created while a test (with its beforeEach and afterEach hooks) runs. */
export const TEST_SCOPE = 'test';
/** The scope of objects created at module level, in beforeAll or in afterAll: they live for the file. */
export const FILE_SCOPE = 'file';

export type IsolationScope = typeof TEST_SCOPE | typeof FILE_SCOPE;
