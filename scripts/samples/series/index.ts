import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import { colourChartSeries } from './colour.ts';
import { ctChestSeries, ctHeadSeries } from './ct.ts';
import { ctChestScoutSeries } from './ct-scout.ts';
import { dxChestSeries } from './dx.ts';
import { mrHeadSeries } from './mr.ts';
import type { SeriesPlan } from './series-plan.ts';
import { usEchoSeries } from './us.ts';

export type { InstanceDraft, SeriesPlan } from './series-plan.ts';

export function planSeries(study: StudyEntry, series: SeriesEntry): SeriesPlan {
  const { phantom } = series;
  switch (phantom.kind) {
    case 'ct-chest':
      return ctChestSeries(study, series, phantom);
    case 'ct-chest-scout':
      return ctChestScoutSeries(study, series, phantom);
    case 'ct-head':
      return ctHeadSeries(study, series, phantom);
    case 'mr-head':
      return mrHeadSeries(study, series, phantom);
    case 'dx-chest':
      return dxChestSeries(study, series, phantom);
    case 'us-echo':
      return usEchoSeries(study, series, phantom);
    case 'colour-chart':
      return colourChartSeries(study, series, phantom);
  }
}
