import { Badge } from '../../shared/ui.tsx';
import { STATE_LABELS, stateTone } from './states.ts';
import type { ApplicationState } from './types.ts';

export function StateBadge(props: { state: ApplicationState }) {
  return <Badge tone={stateTone(props.state)}>{STATE_LABELS[props.state]}</Badge>;
}
