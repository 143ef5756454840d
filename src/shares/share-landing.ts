import type { ExchangeError, LinkStatus } from './share-contract.ts';

/**
 * What a link's landing page says when the link cannot be opened: one clear page per reason, and
 * nothing of the patient or the study (the page does not know them, and must not show them).
 */

export interface UnusableLink {
  title: string;
  message: string;
}

const UNUSABLE: Record<Exclude<LinkStatus, 'active'>, UnusableLink> = {
  unknown: {
    title: 'This link does not work',
    message: 'There is no shared study at this address. Check that the link was copied whole, or ask the sender for a new one.',
  },
  expired: { title: 'This link has expired', message: 'Shared links work only for a limited time. Ask the sender for a new link.' },
  revoked: { title: 'This link was withdrawn', message: 'The sender has withdrawn this link. Ask them for a new one if you still need the images.' },
  blocked: {
    title: 'This link is blocked',
    message: 'The passcode was entered wrongly too many times, so the link was blocked. Ask the sender for a new link.',
  },
  'used-up': { title: 'This link has been used up', message: 'This link has been opened as often as the sender allowed. Ask them for a new one.' },
};

export function unusableLink(state: Exclude<LinkStatus, 'active'>): UnusableLink {
  return UNUSABLE[state];
}

/** The unusable state an exchange refusal means, or undefined for a passcode problem (the form stays). */
export function stateOfRefusal(error: ExchangeError): Exclude<LinkStatus, 'active'> | undefined {
  switch (error) {
    case 'share_unknown':
      return 'unknown';
    case 'share_expired':
      return 'expired';
    case 'share_revoked':
      return 'revoked';
    case 'share_blocked':
      return 'blocked';
    case 'share_used_up':
      return 'used-up';
    case 'passcode_required':
    case 'passcode_wrong':
      return undefined;
  }
}

export const SHARE_ENDED: UnusableLink = {
  title: 'This shared link no longer works',
  message: 'The link was withdrawn by the sender or has expired, so the images are no longer shown. Ask the sender for a new link.',
};
