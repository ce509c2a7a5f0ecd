import type { Summary } from '../stats';

const group = (value: number, digits: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function digitsFor(value: number): number {
  const abs = Math.abs(value);
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  if (abs >= 1) return 2;
  return 3;
}

export function ms(value: number): string {
  return `${group(value, digitsFor(value))} ms`;
}

export function us(value: number): string {
  return value >= 1000 ? ms(value / 1000) : `${group(value, digitsFor(value))} µs`;
}

export function ns(value: number): string {
  return value >= 1000 ? us(value / 1000) : `${group(value, digitsFor(value))} ns`;
}

export function rate(value: number): string {
  if (value >= 1e6) return `${group(value / 1e6, 2)} M/s`;
  if (value >= 1e3) return `${group(value / 1e3, 1)} k/s`;
  return `${group(value, 0)} /s`;
}

export function count(value: number): string {
  return group(value, 0);
}

export function mib(kib: number): string {
  return `${group(kib / 1024, 0)} MiB`;
}

export function ratio(value: number): string {
  return `${group(value, value >= 100 ? 0 : value >= 10 ? 1 : 2)}×`;
}

/** `median (min–max)` as every table shows a repeated measurement. */
export function spread(summary: Summary, unit: (value: number) => string): string {
  if (summary.runs === 1) return `${unit(summary.median)} (1 run)`;
  return `${unit(summary.median)} (${unit(summary.min)} – ${unit(summary.max)})`;
}
