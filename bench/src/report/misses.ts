import type { TargetOutcome } from '../targets';

/**
 * Why a target is missed and what would reach it. Written from reading the
 * figures and the code; shown only for a target the run actually missed.
 */
const ANALYSIS: Record<string, string> = {};

export function explainMiss(target: TargetOutcome): string {
  const head = `**${target.target}**: missed (${target.detail}).`;
  const analysis = ANALYSIS[target.id];
  return analysis === undefined ? head : `${head}\n${analysis}`;
}
