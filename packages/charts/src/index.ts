export { paretoChart, type ParetoChartData, type ParetoChartOptions, type ParetoChartPoint, type ParetoRange } from './pareto.js';
export { matrixChart, MATRIX_QUADRANTS, type MatrixChartData, type MatrixChartOptions, type MatrixQuadrant } from './matrix.js';
export { timeline, type TimelineDatum, type TimelineOptions } from './timeline.js';
export { pyramidChart, pyramidRamp, type PyramidLayer, type PyramidOptions } from './pyramid.js';
export { funnelChart, flowChart, type FunnelStage, type FunnelNode, type FunnelFlow, type FunnelCompare, type FunnelOptions } from './funnel.js';
export { textWidth, thinTicks, type Measure } from './interaction.js';
export { conversionFunnelChart, type ConversionStep, type ConversionFunnelChartOptions } from './conversion-funnel.js';
export { valueTiersChart, aliveHistogram, validationChart, type ValueTierDatum, type AliveBinDatum, type ValidationDatum, type ValueChartOptions } from './customer-value.js';
export { tagsChart, type TagBar, type TagsChartOptions } from './tags.js';
