/**
 * The site profiles, most specific first; generic always answers and goes last.
 * To add a profile, see docs/sites.md.
 */
import { daumProfile } from './daum';
import { detectPage } from './detect';
import { genericProfile } from './generic';
import { gnuboardProfile } from './gnuboard';
import { naverProfile } from './naver';
import type { ProfileMatch, SiteProfile } from './types';
import { xeProfile } from './xe';

/** All profiles in the order they are tried. */
export const PROFILES: readonly SiteProfile[] = [naverProfile, daumProfile, gnuboardProfile, xeProfile, genericProfile];

/** The deciding profile and what it recognized; `engine` names a specific profile that knew the site. */
export interface Recognition {
  profile: SiteProfile;
  match: ProfileMatch;
  /** The specific profile that fingerprinted the site, even when generic had to decide. */
  engine: string | null;
}

/**
 * Try the profiles in order (lib/sites/detect.ts). A profile that knows the site but finds
 * neither an article nor a list defers to generic.
 */
export function recognize(doc: Document, url: URL): Recognition {
  const d = detectPage(doc, url);
  const profile = PROFILES.find((p) => p.id === d.id) ?? genericProfile;
  return { profile, match: d.match, engine: d.engine };
}

export { daumProfile, genericProfile, gnuboardProfile, naverProfile, xeProfile };
