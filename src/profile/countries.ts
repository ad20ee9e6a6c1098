// ISO 3166-1 alpha-2 codes (officially assigned), so that `brand.country: XX` is caught as a typo.
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
  'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
  'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
  'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
  'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

// Country names people write instead of the code, in English and French, for the "did you mean" hint.
const NAMES: Record<string, string> = {
  france: 'FR', italy: 'IT', italie: 'IT', germany: 'DE', allemagne: 'DE', spain: 'ES', espagne: 'ES', portugal: 'PT',
  belgium: 'BE', belgique: 'BE', netherlands: 'NL', 'pays-bas': 'NL', holland: 'NL', switzerland: 'CH', suisse: 'CH',
  austria: 'AT', autriche: 'AT', 'united kingdom': 'GB', uk: 'GB', 'great britain': 'GB', england: 'GB',
  'royaume-uni': 'GB', angleterre: 'GB', ireland: 'IE', irlande: 'IE', sweden: 'SE', suède: 'SE', norway: 'NO',
  norvège: 'NO', denmark: 'DK', danemark: 'DK', finland: 'FI', finlande: 'FI', poland: 'PL', pologne: 'PL',
  greece: 'GR', grèce: 'GR', 'united states': 'US', usa: 'US', 'états-unis': 'US', canada: 'CA', australia: 'AU',
  australie: 'AU', 'new zealand': 'NZ', 'nouvelle-zélande': 'NZ', japan: 'JP', japon: 'JP', korea: 'KR',
  'south korea': 'KR', corée: 'KR', china: 'CN', chine: 'CN', 'hong kong': 'HK', monaco: 'MC', luxembourg: 'LU',
};

/** The ISO code of a country written by name (`France`, `Italie`), if it is one of the common ones. */
export function countryFromName(text: string): string | undefined {
  return NAMES[text.trim().toLowerCase().replace(/\s+/g, ' ')];
}
