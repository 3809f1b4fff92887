/** The error answers routes declare in their response schemas (all in the shape of ErrorBody). */
import { Type } from 'typebox';
import type { ErrorBody } from '../contract/common.js';

export const errorRef = Type.Unsafe<ErrorBody>(Type.Ref('ErrorBody'));

/** The common error answers, added to every /api/v1 route's response schema. */
export const authErrors = {
  400: errorRef,
  401: errorRef,
  404: errorRef,
  429: errorRef,
  500: errorRef,
  503: errorRef,
};
