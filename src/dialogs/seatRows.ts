import type { RequestedSeat } from '../approvals/seatRequest.js';
import { escapeUserText } from '../cards/escape.js';
import type { DetailRow } from '../cards/views.js';
import { accessLevel, type AccessLevelId } from '../rules/accessLevels.js';
import { formatUsd } from '../rules/prices.js';

/** How one person of a seat request reads on the preview and approval cards. */

export function signedUsd(amount: number): string {
  if (amount === 0) return formatUsd(0);
  return `${amount > 0 ? '+' : '-'}${formatUsd(Math.abs(amount))}`;
}

export function levelName(level: AccessLevelId | null): string {
  return level ? accessLevel(level).uiName : 'not in the organization yet';
}

export function personRow(seat: RequestedSeat, level: AccessLevelId): DetailRow {
  const who = seat.displayName && seat.displayName !== seat.principalName ? `${seat.displayName} (${seat.principalName})` : seat.principalName;
  return {
    name: escapeUserText(who),
    detail: `${levelName(seat.currentLevel)} → ${accessLevel(level).uiName}, ${signedUsd(seat.monthlyDelta)} a month (${seat.why})`,
  };
}

