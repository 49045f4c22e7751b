/**
 * Label values for metrics, kept to a bounded set so a client inventing feature names cannot blow up the
 * number of series: features, routes and providers come from config (anything else is "other"), models
 * from config plus the first few seen, and a missing value is "none".
 */
import type { TollgateConfig } from '../config/schema.js';

export const OTHER_LABEL = 'other';
export const NONE_LABEL = 'none';
const DEFAULT_MAX_EXTRA_MODELS = 100;

export interface MetricLabelSpace {
  features: readonly string[];
  routes: readonly string[];
  providers: readonly string[];
  models: readonly string[];
  /** Models not named in config that still get their own label value, first come first served. */
  maxExtraModels?: number;
}

export function labelSpaceFromConfig(config: TollgateConfig): MetricLabelSpace {
  const models = new Set<string>();
  for (const provider of Object.values(config.providers)) {
    for (const model of provider.models ?? []) models.add(model);
    for (const deployment of Object.keys(provider.deployments ?? {})) models.add(deployment);
  }
  for (const route of Object.values(config.routes)) {
    for (const target of route.targets) {
      const ref = typeof target === 'string' ? target : target.target;
      const slash = ref.indexOf('/');
      if (slash > 0) models.add(ref.slice(slash + 1));
    }
  }
  return { features: Object.keys(config.features), routes: Object.keys(config.routes), providers: Object.keys(config.providers), models: [...models] };
}

export class MetricLabels {
  private readonly features: ReadonlySet<string>;
  private readonly routes: ReadonlySet<string>;
  private readonly providers: ReadonlySet<string>;
  private readonly models: Set<string>;
  private extraModelsLeft: number;

  constructor(space: MetricLabelSpace) {
    this.features = new Set(space.features);
    this.routes = new Set(space.routes);
    this.providers = new Set(space.providers);
    this.models = new Set(space.models);
    this.extraModelsLeft = space.maxExtraModels ?? DEFAULT_MAX_EXTRA_MODELS;
  }

  feature(value: string | null): string {
    return bounded(value, this.features);
  }

  route(value: string | null): string {
    return bounded(value, this.routes);
  }

  provider(value: string | null): string {
    return bounded(value, this.providers);
  }

  model(value: string | null): string {
    if (value === null || value === '') return NONE_LABEL;
    if (this.models.has(value)) return value;
    if (this.extraModelsLeft <= 0) return OTHER_LABEL;
    this.extraModelsLeft -= 1;
    this.models.add(value);
    return value;
  }
}

function bounded(value: string | null, known: ReadonlySet<string>): string {
  if (value === null || value === '') return NONE_LABEL;
  return known.has(value) ? value : OTHER_LABEL;
}
