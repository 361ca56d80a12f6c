/** The benchmark reads as the operator of the server: the whole département. */
import { systemActor } from '../src/kernel/actor.ts';

export const BENCH_ACTOR = systemActor('banc d’essai');
