/**
 * The Pareto chart and its readouts, prop-driven (no store): used by the Scaling view and the
 * Stage. See README.md for the props and how to wire them.
 */
export { ParetoChart, type CurveRef, type ParetoChartProps } from './ParetoChart';
export { SavingsReadout, savingsText, type SavingsReadoutProps } from './SavingsReadout';
export { ruleReadout } from './ComputeRule';
export type { RunMarker } from './Overlay';
export { STRATEGY_STYLE, strategyLabel, modelStyles } from './chart-style';
export { heightForWidth, type ChartFit } from './useChartSize';
