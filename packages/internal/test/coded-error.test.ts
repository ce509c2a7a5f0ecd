import { CodedError, hasErrorCode } from '../src/coded-error';

class SampleError extends CodedError<'ERR_WSI_SAMPLE'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_WSI_SAMPLE', message, options);
    this.name = 'SampleError';
  }
}

describe('CodedError', () => {
  it('keeps the code, the message and the subclass identity', () => {
    const error = new SampleError('went wrong');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toBeInstanceOf(SampleError);
    expect(error.code).toBe('ERR_WSI_SAMPLE');
    expect(error.name).toBe('SampleError');
    expect(error.message).toBe('went wrong');
    expect(String(error.stack)).toContain('SampleError: went wrong');
  });

  it('carries a cause when given one, and none otherwise', () => {
    const cause = new Error('root');
    expect(new SampleError('wrapped', { cause }).cause).toBe(cause);
    expect('cause' in new SampleError('plain')).toBe(false);
  });

  it('hasErrorCode matches by shape, so a copy from another package version counts', () => {
    expect(hasErrorCode(new SampleError('x'), 'ERR_WSI_SAMPLE')).toBe(true);
    expect(hasErrorCode({ code: 'ERR_WSI_SAMPLE' }, 'ERR_WSI_SAMPLE')).toBe(true);
    expect(hasErrorCode(new SampleError('x'), 'ERR_WSI_OTHER')).toBe(false);
    expect(hasErrorCode(null, 'ERR_WSI_SAMPLE')).toBe(false);
    expect(hasErrorCode('ERR_WSI_SAMPLE', 'ERR_WSI_SAMPLE')).toBe(false);
  });
});
