// Set-up by e-mail address: import from 'main/autoconfig', never from its inner files.
export {
  discoverServer,
  InvalidAddressError,
  type DiscoveryDeps,
  type DiscoveryResult,
  type CandidateReport,
  type LoginOutcome,
  type TrustedServer,
} from './discover-server';
export {
  candidatesFor,
  domainOf,
  STANDARD_PORTS,
  type Candidate,
  type SrvRecord,
} from './candidates';
