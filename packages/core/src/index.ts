export { SQL, sql, ident, qualified, lit, dateLit, raw, join, and, keyword, type SQLValue } from './sql.js';
export { type Engine, toRows, queryRows } from './engine.js';
export { WasmEngine, setWasmAssets, getWasmAssets, type WasmAssets } from './engines/wasm.js';
export { ENGINE_SETUP } from './engines/settings.js';
export {
  CrmError,
  asCrmError,
  loadCancelled,
  formatError,
  CRM_ERROR_CODES,
  type CrmErrorCode,
  type CrmErrorData,
  type CrmErrorDetail,
  type CrmErrorDetailOf,
  type CrmErrorDetails,
  type CrmErrorHint,
  type ErrorCatalogue,
  type IdProblem,
  type OptionAccepts,
  type RuleProblem,
  type RowRuleProblem,
  type SegmentProblem,
} from './errors.js';
export { ERROR_CATALOGUES, errorMessage, type MessageLang } from './messages/index.js';
export {
  TRANSACTION_COLUMNS,
  CUSTOMER_COLUMNS,
  COLUMNS,
  Transaction,
  Customer,
  ColumnMapping,
  Format,
  Encoding,
  HeaderName,
  type ColumnSpec,
  type ColumnKind,
  type DataKind,
  type CanonicalColumn,
  type TransactionColumn,
  type CustomerColumn,
} from './schema.js';
export { resolveMapping, type ResolvedMapping } from './mapping.js';
export { toUtf8 } from './loaders/detect.js';
export { loadData, formatBytes, type DataInput, type LoadOptions, type LoadResult, type LoadProgress, type RejectedRows } from './loaders/load.js';
export { loadEvents, prepareEvents, eventRows, eventsStaging, type EventsResult } from './events.js';
export { EVENT_COLUMNS } from './schema.js';
export { ROW_RULE_OPS, parseRowRules, checkRowRules, type RowRule, type RowRuleOp, type RowRuleResult } from './loaders/rules.js';
export { combineTransactions, type FilePart, type FileOverlap } from './loaders/combine.js';
export { normalizeEmail, normalizePhone, linkIdentities, mergeIdentities, type PhoneRegion, type IdentityRecord, type IdentityMerge, type IdentityConflict, type IdentityResult } from './identity.js';
export { runDataQuality, dataQualityPredicate, type DataQuality, type DataQualityOptions, type QualityLine, type ChannelCoverage } from './metrics/data-quality.js';
export { parquetToIPC } from './loaders/parquet.js';
export { DEFAULT_TIME_ZONE, timeZoneOption } from './loaders/zone.js';
export { type Dataset, FACT_COLUMNS, factsQuery, buildDataset, isoDate, orderSpan } from './model.js';
export { buildFactsDataset, describeFacts } from './facts-table.js';
export { DatasetCache } from './cache.js';
export { Selection, type SelectionClause, type ClauseKind as SelectionKind } from './selection.js';
export { Filter, toFilter, selectionTablePredicate } from './filter.js';
export { Coordinator, IDLE_DROP_MS, type CoordinatorClient, type CoordinatorOptions } from './coordinator.js';
export { candidateKeys, MEMO_ANALYSES } from './prefetch.js';
export { checkCondition, conditionPredicate, type ConditionBuilder, type ConditionDescriptor, type ConditionValue } from './conditions.js';
export { toCSV } from './export/csv.js';
export { kpiQuery, kpiWindow, type KpiOptions, type KpiResult, type KpiValues } from './metrics/kpis.js';
export { maskEmail, maskPhone, maskAddress, maskBirthday, maskName, maskRow } from './pii.js';
export { customerListQuery, LIST_SORTS, type ListSort, type LabelSource, type CustomerListOptions, type CustomerRow, type CustomerPage } from './metrics/customer-list.js';
export {
  PARETO_BY,
  paretoRankedQuery,
  paretoCurveQuery,
  type ParetoBy,
  type ParetoOptions,
  type ParetoSettings,
  type ParetoPoint,
  type ParetoSummary,
  type ParetoCurve,
} from './metrics/pareto-curve.js';
export {
  QUADRANTS,
  MATRIX_X,
  MATRIX_SCALES,
  costToServe,
  matrixAssignmentQuery,
  matrixSummaryQuery,
  matrixQuadrantsQuery,
  matrixPointsQuery,
  matrixBinsQuery,
  type Quadrant,
  type MatrixX,
  type MatrixScale,
  type CostOptions,
  type ProfitMatrixOptions,
  type MatrixSettings,
  type QuadrantRow,
  type MatrixPoint,
  type MatrixBin,
  type ServedGroup,
  type ProfitMatrix,
} from './metrics/profit-matrix.js';
export { type CustomerCard, type CustomerCardOptions } from './metrics/customer-card.js';
export { asOfOption, choice, dateOption, daysOption, windowOption, numberOption } from './options.js';
export { analysis, attributeOf, checkAnalysisOptions, option, optionNames, optionResets, type Analysis, type OptionEffect, type OptionKind, type OptionSpec, type OptionSpecs, type OptionValues, type PickedClause } from './analysis.js';
export { SEGMENT_PYRAMID, PYRAMID_MODES, type PyramidMode, type PyramidRow, type PyramidView } from './analyses/segment-pyramid.js';
export { PARETO_CURVE, type RankRange } from './analyses/pareto-curve.js';
export { PROFIT_MATRIX, NO_COST, quadrantLabels, type QuadrantPick } from './analyses/profit-matrix.js';
export { LIFECYCLE_FUNNEL, type StagePick } from './analyses/lifecycle-funnel.js';
export { KPIS } from './analyses/kpis.js';
export { ACQUISITION } from './analyses/acquisition.js';
export { DATA_QUALITY, type QualityContext, type QualityPick } from './analyses/data-quality.js';
export { CUSTOMER_CARD } from './analyses/customer-card.js';
export { CONVERSION_FUNNEL } from './analyses/conversion-funnel.js';
export { CUSTOMER_VALUE, type ValuePick } from './analyses/customer-value.js';
export { CUSTOMER_LIST, type ListContext } from './analyses/customer-list.js';
export { TAGS, type TagPick } from './analyses/tags.js';
export { addDays, period, factsAt, selectedBy, selectedFacts, assignmentPredicate, groupTotalsQuery, runGroupTotals, type Period, type GroupTotal } from './metrics/customers-at.js';
export {
  PYRAMID_BY,
  TIERS_BY,
  DEFAULT_TIERS,
  parseTiers,
  valueExpr,
  pyramidSettings,
  segmentAssignmentQuery,
  segmentPyramidQuery,
  type PyramidBy,
  type TiersBy,
  type TierSpec,
  type SegmentPyramidOptions,
  type PyramidTier,
  type PyramidSettings,
  type SegmentPyramidResult,
} from './metrics/segment-pyramid.js';
export {
  RFM_SEGMENTS,
  RFM_SEGMENT_ORDER,
  RFM_BY,
  rfmSettings,
  rfmScoresQuery,
  rfmSegmentsQuery,
  type RfmRule,
  type RfmSegment,
  type RfmOptions,
  type RfmSettings,
  type RfmSegmentRow,
  type RfmResult,
} from './metrics/rfm.js';
export {
  LIFECYCLE_STAGES,
  NOT_YET,
  lifecycleSettings,
  lifecycleAssignmentQuery,
  lifecycleFunnelQuery,
  lifecycleTransitionsAssignment,
  lifecycleTransitionsQuery,
  type LifecycleStage,
  type LifecycleOptions,
  type LifecycleSettings,
  type LifecycleStageRow,
  type LifecycleFlow,
  type LifecycleResult,
} from './metrics/lifecycle-funnel.js';
export {
  FUNNEL_ORDERS,
  FUNNEL_BREAKDOWNS,
  funnelSettings,
  runConversionFunnel,
  conversionFunnelQuery,
  funnelPeopleQuery,
  funnelGroupPredicate,
  type ConversionFunnelOptions,
  type ConversionFunnelResult,
  type FunnelSettings,
  type FunnelStep,
  type FunnelGroup,
  type FunnelOrder,
  type FunnelBreakdown,
} from './metrics/conversion-funnel.js';
export {
  acquisitionQuery,
  acquisitionMonthsQuery,
  acquisitionAssignment,
  acquisitionSource,
  type AcquisitionResult,
  type AcquisitionChannel,
  type AcquisitionSource,
} from './metrics/acquisition.js';
export {
  TIME_UNITS,
  VALUE_TIERS,
  customerValueSettings,
  valueSummaryQuery,
  modelFit,
  scoreTriples,
  valuePredicate,
  type TimeUnit,
  type ValueTier,
  type CustomerValueOptions,
  type CustomerValueSettings,
  type ModelFit,
  type ValueTierRow,
  type AliveBin,
  type WinBackCustomer,
  type ValidationRow,
  type Validation,
  type CustomerValueResult,
  type ScoredValue,
} from './metrics/customer-value.js';
export { fitBgNbd, bgnbdLogLikelihood, pAlive, conditionalExpected, expectedPurchases, type BgNbdParams, type BgNbdData, type BgNbdFit } from './models/bgnbd.js';
export { fitGammaGamma, gammaGammaLogLikelihood, expectedAverageValue, type GammaGammaParams, type GammaGammaData, type GammaGammaFit } from './models/gamma-gamma.js';
export { encodeResult, decodeResult } from './remote/wire.js';
export {
  ANALYSES,
  CLAUSE_KINDS,
  checkRequest,
  clausePredicate,
  resolveClause,
  needsResolving,
  runAnalysis,
  valueLabel,
  VALUE_LABEL_COLUMNS,
  type ValueLabel,
  type AnalysisName,
  type AnalysisRequest,
  type Clause,
  type ClauseKind,
  type DatasetDescription,
  type Options as RemoteOptions,
  type OptionValue,
} from './remote/protocol.js';
// The analyses as widgets call them: on a server when the data set is remote, in the page otherwise.
export {
  runSegmentPyramid,
  tierPredicate,
  runRfm,
  rfmSegmentPredicate,
  paretoSettings,
  runParetoCurve,
  paretoRangePredicate,
  matrixSettings,
  runProfitMatrix,
  matrixQuadrantPredicate,
  runLifecycleFunnel,
  stagePredicate,
  transitionPredicate,
  runKpis,
  runCustomerList,
  runCustomerCard,
  scoreCustomerValue,
  valueTierPredicate,
  aliveBinPredicate,
  winBackPredicate,
  runValidation,
  runCustomerValue,
  runTags,
  tagPredicate,
  runAcquisition,
  acquisitionChannelPredicate,
  runCampaignExport,
} from './remote/runners.js';
export { RemoteEngine, openRemoteDataset, runRemote, isRemote, type RemoteSettings } from './engines/remote.js';
export {
  BUILT_IN_TAGS,
  TAG_MODES,
  availableTags,
  ruleFactsQuery,
  tagAssignmentQuery,
  tagSettings,
  type BuiltInTag,
  type TagBreakdown,
  type TagKind,
  type TagMode,
  type TagOptions,
  type TagPair,
  type TagRow,
  type TagSettings,
  type TagsResult,
  type UserTag,
} from './metrics/tags.js';
export { RULE_FIELDS, RULE_OPS, checkRule, parseRule, ruleSQL, ruleText, toRule, type Rule, type RuleCondition, type RuleField, type RuleOp } from './metrics/tag-rules.js';
export { CAMPAIGN_COLUMNS, DEFAULT_CAMPAIGN_COLUMNS, campaignColumns, campaignQuery, type CampaignColumn, type CampaignExport } from './export/campaign.js';
