// The catalogue of profile fields (contract section 2). It is the single source from which the JSON Schema,
// the CSV column converters, the `init` template, the interview questions and the rule-pack static checks
// are all derived, so a field is described once.
import type { Lang, Localized } from '../types.js';
import { VALUE_LABELS } from '../i18n/values.js';

/** The longest text a text field holds: the schema's bound, the cell converters' and what a report quotes. */
export const STRING_MAX = 500;

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'list' | 'country' | 'version';

export interface FieldDef {
  readonly path: string;
  readonly type: FieldType;
  /** allowed values, for `enum` and for the items of `list` */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly required?: boolean;
  readonly help: Localized;
  /** v2: the column header people write for it (init templates write it; spreadsheets are matched on it) */
  readonly label?: Localized;
  /** v2: other headers that mean this field, in any language (matched ignoring case, accents, punctuation) */
  readonly synonyms?: readonly string[];
  /** v2: enum and list values as people write them, by value */
  readonly valueLabels?: Readonly<Record<string, Localized>>;
  /** v2: other words for enum and list values, in any language, by value (matched like the labels) */
  readonly valueSynonyms?: Readonly<Record<string, readonly string[]>>;
  /**
   * v2: a text field whose absence is a real answer (no Tmall Partner signed): words for "none" (`none`, `aucun`,
   * `-`, `无`) read as an empty text, which the packs' `min-length` checks fail, instead of as a name
   */
  readonly noneIsAnswer?: boolean;
  /** a realistic value for the `init` template */
  readonly example: unknown;
}

export const CATEGORIES = [
  'beauty', 'fashion', 'luxury', 'accessories', 'food', 'beverages', 'wine-spirits', 'health-supplements',
  'baby', 'home', 'sports', 'electronics', 'other',
] as const;

const TRADEMARK = ['registered', 'pending', 'none'] as const;

/** issue 14: segments of the categories where China's market differs (the packs' market table is keyed on them) */
export const SEGMENTS = [
  'skincare', 'make-up', 'fragrance', 'haircare',
  'ready-to-wear', 'footwear', 'lingerie',
  'leather-goods', 'watches', 'jewellery', 'eyewear',
  'cheese', 'chocolate-confectionery', 'biscuits-snacks', 'grocery',
  'coffee-tea', 'soft-drinks', 'beer',
  'still-wine', 'sparkling-wine', 'spirits',
  'vitamins-supplements', 'sports-nutrition',
  'infant-formula', 'baby-food', 'baby-care', 'baby-clothing',
  'tableware-cookware', 'home-decor',
  'sportswear', 'outdoor-gear',
  'consumer-electronics',
] as const;
// v2 (issue 12): the values of enums and lists as people write them: [their label in en/fr/zh, other words for
// them in any language]. Labels are what templates and French messages show; both are matched ignoring case,
// accents and punctuation (src/profile/values.ts).
type ValueTable = Readonly<Record<string, readonly [Localized, readonly string[]]>>;
function values(table: ValueTable): Pick<FieldDef, 'valueLabels' | 'valueSynonyms'> {
  const entries = Object.entries(table);
  return {
    valueLabels: Object.fromEntries(entries.map(([v, [label]]) => [v, label])),
    valueSynonyms: Object.fromEntries(entries.map(([v, [, synonyms]]) => [v, synonyms])),
  };
}
const CATEGORY_VALUES: ValueTable = {
  beauty: [
    { en: 'Beauty', fr: 'Beauté', zh: '美妆' },
    ['skincare', 'skin care', 'make-up', 'maquillage', 'soins', 'parfums', 'perfume', 'fragrance', '化妆品', '护肤',
      '美容'],
  ],
  fashion: [
    { en: 'Fashion', fr: 'Mode', zh: '服饰' },
    ['apparel', 'clothing', 'ready-to-wear', 'prêt-à-porter', 'vêtements', 'textile', '服装', '时尚'],
  ],
  luxury: [{ en: 'Luxury', fr: 'Luxe', zh: '奢侈品' }, ['luxury goods', 'haute couture', '奢品']],
  accessories: [
    { en: 'Accessories', fr: 'Accessoires', zh: '配饰' },
    ['leather goods', 'maroquinerie', 'bijoux', 'jewellery', 'jewelry', 'watches', 'montres', '饰品', '箱包'],
  ],
  food: [
    { en: 'Food', fr: 'Alimentation', zh: '食品' },
    ['food and grocery', 'grocery', 'épicerie', 'épicerie fine', 'agroalimentaire', 'alimentaire', 'gastronomie',
      '零食'],
  ],
  beverages: [{ en: 'Beverages', fr: 'Boissons', zh: '饮料' }, ['drinks', 'soft drinks', 'boissons sans alcool', '饮品']],
  'wine-spirits': [
    { en: 'Wine & spirits', fr: 'Vins et spiritueux', zh: '酒类' },
    ['wine', 'wines', 'spirits', 'wine and spirits', 'vins', 'vin', 'spiritueux', 'vins & spiritueux', 'champagne',
      'cognac', '葡萄酒', '酒水', '洋酒'],
  ],
  'health-supplements': [
    { en: 'Health supplements', fr: 'Compléments alimentaires', zh: '保健品' },
    ['supplements', 'food supplements', 'dietary supplements', 'nutrition', 'compléments', 'nutraceutiques',
      '膳食补充剂', '营养品'],
  ],
  baby: [
    { en: 'Baby', fr: 'Puériculture', zh: '母婴' },
    ['baby and kids', 'bébé', 'enfant', 'mother and baby', '婴童', '母婴用品'],
  ],
  home: [
    { en: 'Home', fr: 'Maison', zh: '家居' },
    ['home and living', 'homeware', 'décoration', 'art de la table', 'maison et déco', '家居用品', '家具'],
  ],
  sports: [
    { en: 'Sports', fr: 'Sport', zh: '运动' },
    ['sportswear', 'outdoor', 'articles de sport', 'sport et loisirs', '运动户外', '体育'],
  ],
  electronics: [
    { en: 'Electronics', fr: 'Électronique', zh: '电子产品' },
    ['consumer electronics', 'high-tech', 'high tech', 'électroménager', '数码', '家电'],
  ],
  other: [{ en: 'Other', fr: 'Autre', zh: '其他' }, ['others', 'autres', 'divers', '其它']],
};
const ROLE_VALUES: ValueTable = {
  'brand-owner': [
    { en: 'Brand owner', fr: 'Propriétaire de la marque', zh: '品牌方' },
    ['owner', 'brand', 'trademark owner', 'propriétaire', 'titulaire de la marque', 'marque propre', '品牌所有者', '品牌商'],
  ],
  'exclusive-licensee': [
    { en: 'Exclusive licensee', fr: 'Licencié exclusif', zh: '独家授权商' },
    ['licensee', 'exclusive licence', 'exclusive license', 'licencié', 'licence exclusive', 'licenciée exclusive',
      '独家被授权方', '独家代理'],
  ],
  'authorized-distributor': [
    { en: 'Authorised distributor', fr: 'Distributeur agréé', zh: '授权经销商' },
    ['authorised distributor', 'distributor', 'official distributor', 'distributeur', 'distributeur autorisé',
      'distributeur officiel', '经销商', '授权分销商'],
  ],
  reseller: [
    { en: 'Reseller', fr: 'Revendeur', zh: '转售商' },
    ['retailer', 'trader', 'revendeur non autorisé', 'négociant', '零售商', '分销商'],
  ],
};
const TRADEMARK_VALUES: ValueTable = {
  registered: [
    { en: 'Registered', fr: 'Enregistrée', zh: '已注册' },
    ['granted', 'yes', 'enregistré', 'déposée', 'déposé', 'oui', '注册', '已获批', '是'],
  ],
  pending: [
    { en: 'Pending', fr: 'En cours', zh: '申请中' },
    ['filed', 'applied', 'in progress', 'under examination', 'en attente', 'en cours d enregistrement',
      'demande déposée', 'en cours de dépôt', '审查中', '待审', '已申请'],
  ],
  none: [
    { en: 'None', fr: 'Aucune', zh: '无' },
    ['no', 'not registered', 'not filed', 'aucun', 'non', 'non déposée', 'pas de dépôt', '未注册', '没有', '否'],
  ],
};
const REGULATORY_PATH_VALUES: ValueTable = {
  'cross-border': [
    { en: 'Cross-border (no registration)', fr: 'Transfrontalier (sans enregistrement)', zh: '跨境（无需注册）' },
    ['cross border', 'cbec', 'cross-border e-commerce', 'transfrontalier', 'commerce transfrontalier', '跨境', '跨境电商'],
  ],
  'nmpa-filed': [
    { en: 'NMPA filed', fr: 'Notifié NMPA', zh: 'NMPA 备案' },
    ['nmpa filing', 'nmpa notified', 'notification nmpa', 'déclaré nmpa', '备案', '已备案'],
  ],
  'nmpa-registered': [
    { en: 'NMPA registered', fr: 'Enregistré NMPA', zh: 'NMPA 注册' },
    ['nmpa registration', 'enregistrement nmpa', 'homologué nmpa', 'nmpa 注册证'],
  ],
  'samr-registered': [
    { en: 'SAMR registered (blue hat)', fr: 'Enregistré SAMR (chapeau bleu)', zh: '市场监管总局注册（蓝帽子）' },
    ['samr', 'samr registration', 'blue hat', 'chapeau bleu', 'enregistrement samr', '蓝帽子', '保健食品注册'],
  ],
  'gacc-registered': [
    { en: 'GACC registered', fr: 'Enregistré GACC', zh: '海关总署注册' },
    ['gacc', 'gacc registration', 'cifer', 'enregistrement gacc', '海关注册'],
  ],
  'not-required': [
    { en: 'Not required', fr: 'Non requis', zh: '无需' },
    ['none required', 'not needed', 'non nécessaire', 'pas nécessaire', '不需要', '无需注册'],
  ],
  none: [
    { en: 'None yet', fr: 'Aucune', zh: '尚无' },
    ['none', 'no', 'aucun', 'aucune pour l instant', 'pas encore', '无', '没有'],
  ],
};
const LABELLING_VALUES: ValueTable = {
  physical: [
    { en: 'Physical labels', fr: 'Étiquettes physiques', zh: '实体标签' },
    ['physical', 'stickers', 'printed', 'physique', 'étiquette physique', 'autocollants', '贴标', '实体'],
  ],
  electronic: [
    { en: 'Electronic labels', fr: 'Étiquettes électroniques', zh: '电子标签' },
    ['electronic', 'e-label', 'e-labels', 'qr code', 'électronique', 'étiquette électronique', '电子'],
  ],
  none: [{ en: 'None', fr: 'Aucun', zh: '无' }, ['no', 'aucune', 'non', 'pas encore', '没有']],
};
const SOCIAL_CHANNELS_VALUES: ValueTable = {
  wechat: [{ en: 'WeChat', fr: 'WeChat', zh: '微信' }, ['weixin', 'wechat official account']],
  weibo: [{ en: 'Weibo', fr: 'Weibo', zh: '微博' }, ['sina weibo']],
  xiaohongshu: [
    { en: 'Xiaohongshu (RED)', fr: 'Xiaohongshu (RED)', zh: '小红书' },
    ['red', 'little red book', 'xhs', 'rednote'],
  ],
  douyin: [{ en: 'Douyin', fr: 'Douyin', zh: '抖音' }, ['tiktok china']],
  bilibili: [{ en: 'Bilibili', fr: 'Bilibili', zh: '哔哩哔哩' }, ['b站', 'b 站']],
  kuaishou: [{ en: 'Kuaishou', fr: 'Kuaishou', zh: '快手' }, []],
};
const GREY_MARKET_PRESENCE_VALUES: ValueTable = {
  none: [{ en: 'None', fr: 'Aucune', zh: '无' }, ['no', 'none seen', 'aucun', 'non', 'néant', '没有']],
  low: [
    { en: 'Low', fr: 'Faible', zh: '少量' },
    ['some', 'little', 'limited', 'peu', 'limitée', 'limité', 'faible présence', '低', '较少'],
  ],
  high: [
    { en: 'High', fr: 'Forte', zh: '大量' },
    ['a lot', 'significant', 'strong', 'élevée', 'élevé', 'fort', 'importante', '高', '严重'],
  ],
};
const PROMOTION_CALENDAR_VALUES: ValueTable = {
  '38': [
    { en: 'Women\'s Day (3.8)', fr: 'Fête des femmes (3.8)', zh: '三八节' },
    ['3.8', '3 8', 'women\'s day', 'queen s day', '女王节', '妇女节'],
  ],
  '99': [{ en: '9.9', fr: '9.9', zh: '99 大促' }, ['9 9', '99 sale', '99 划算节']],
  '618': [
    { en: '618 (mid-year)', fr: '618 (mi-année)', zh: '618' },
    ['6.18', '6 18', 'mid year', 'mid-year festival', '年中大促'],
  ],
  '1111': [
    { en: 'Singles\' Day (11.11)', fr: '11.11 (fête des célibataires)', zh: '双十一' },
    ['11.11', '11 11', 'double 11', 'double eleven', 'singles day', 'fête des célibataires', '双11'],
  ],
  '1212': [
    { en: 'Double 12 (12.12)', fr: 'Double 12 (12.12)', zh: '双十二' },
    ['12.12', '12 12', 'double twelve', '双12'],
  ],
  cny: [
    { en: 'Chinese New Year', fr: 'Nouvel An chinois', zh: '春节' },
    ['spring festival', 'lunar new year', 'nouvel an', '年货节'],
  ],
};
const LOGISTICS_VALUES: ValueTable = {
  'bonded-warehouse': [
    { en: 'Bonded warehouse', fr: 'Entrepôt sous douane', zh: '保税仓' },
    ['bonded', 'bonded import', 'entrepôt sous douane en chine', 'sous douane', '保税', '保税备货'],
  ],
  'direct-mail': [
    { en: 'Direct mail', fr: 'Envoi direct', zh: '海外直邮' },
    ['direct shipping', 'direct', 'cross-border shipping', 'expédition directe', 'envoi depuis la france', '直邮'],
  ],
  hybrid: [{ en: 'Hybrid', fr: 'Hybride', zh: '混合模式' }, ['mixed', 'both', 'mixte', '混合']],
  'domestic-warehouse': [
    { en: 'Domestic warehouse in China', fr: 'Entrepôt en Chine', zh: '国内仓' },
    ['domestic', 'local warehouse', 'china warehouse', 'entrepôt local', 'entrepôt chine', '境内仓', '国内仓库'],
  ],
  none: [{ en: 'None yet', fr: 'Aucune', zh: '尚无' }, ['none', 'no', 'aucun', 'pas encore', '无', '没有']],
};
const PAYMENT_VALUES: ValueTable = {
  alipay: [{ en: 'Alipay', fr: 'Alipay', zh: '支付宝' }, ['ali pay']],
  'wechat-pay': [{ en: 'WeChat Pay', fr: 'WeChat Pay', zh: '微信支付' }, ['wechatpay', 'weixin pay', 'wxpay']],
  unionpay: [{ en: 'UnionPay', fr: 'UnionPay', zh: '银联' }, ['union pay', 'china unionpay', 'cup']],
};

export const FIELDS: readonly FieldDef[] = [
  { path: 'schemaVersion', type: 'version', required: true, example: 1,
    label: { en: 'Schema version', fr: 'Version du schéma', zh: '档案格式版本' },
    synonyms: ['version', 'profile version', 'version du profil'],
    help: { en: 'profile format version (always 1)', fr: 'version du format de profil (toujours 1)', zh: '档案格式版本（固定为 1）' } },
  { path: 'brand.name', type: 'string', required: true, example: 'Maison Exemple',
    label: { en: 'Brand', fr: 'Marque', zh: '品牌名称' },
    synonyms: ['brand name', 'nom de la marque', 'nom de marque', 'nom', 'name', 'enseigne', '品牌', '品牌名'],
    help: { en: 'brand name', fr: 'nom de la marque', zh: '品牌名称' } },
  { path: 'brand.country', type: 'country', required: true, example: 'FR',
    label: { en: 'Country', fr: 'Pays', zh: '原产国' },
    synonyms: ['country of origin', 'origin', 'pays d origine', 'origine', 'nationalité', '国家', '国别', '原产地'],
    help: { en: 'country of origin, ISO 3166-1 alpha-2 (FR, IT...)', fr: "pays d’origine, ISO 3166-1 alpha-2 (FR, IT...)", zh: '原产国，ISO 3166-1 两位字母代码（FR、IT……）' } },
  { path: 'brand.category', type: 'enum', required: true, values: CATEGORIES, example: 'beauty',
    label: { en: 'Category', fr: 'Catégorie', zh: '类目' },
    synonyms: ['product category', 'main category', 'catégorie de produits', 'catégorie principale', 'secteur',
      'sector', 'univers', '品类', '产品类目', '主营类目'],
    ...values(CATEGORY_VALUES),
    help: { en: 'main product category', fr: 'catégorie principale de produits', zh: '主要产品类目' } },
  { path: 'brand.foundedYear', type: 'integer', min: 1000, max: 2100, example: 1998,
    label: { en: 'Founded', fr: 'Année de création', zh: '创立年份' },
    synonyms: ['founded year', 'year founded', 'founding year', 'founded in', 'creation year', 'création',
      'date de création', 'année de fondation', 'fondée en', 'création de la marque', '成立年份', '创立时间', '成立时间'],
    help: { en: 'year the brand was founded', fr: 'année de création de la marque', zh: '品牌创立年份' } },
  { path: 'brand.annualRevenueEur', type: 'number', min: 0, example: 12000000,
    label: { en: 'Annual revenue (EUR)', fr: 'CA annuel (€)', zh: '年营业收入（欧元）' },
    synonyms: ['revenue', 'annual revenue', 'turnover', 'annual turnover', 'sales', 'annual sales',
      'chiffre d affaires', 'chiffre d affaires annuel', 'ca', 'ca annuel', 'ca total', '营业收入', '年收入', '营收', '年营收'],
    help: { en: "last fiscal year's revenue, in euros", fr: "chiffre d’affaires du dernier exercice, en euros", zh: '上一财年营业收入（欧元）' } },
  { path: 'brand.retailStores', type: 'integer', min: 0, example: 14,
    label: { en: 'Own stores', fr: 'Boutiques en propre', zh: '自营门店数' },
    synonyms: ['retail stores', 'stores', 'own retail stores', 'shops', 'boutiques', 'magasins',
      'nombre de boutiques', 'points de vente', 'nb boutiques', '门店', '门店数', '门店数量'],
    help: { en: 'own physical stores worldwide', fr: 'boutiques physiques en propre dans le monde', zh: '全球自营实体门店数量' } },
  { path: 'company.role', type: 'enum', values: ['brand-owner', 'exclusive-licensee', 'authorized-distributor', 'reseller'], example: 'brand-owner',
    label: { en: 'Applicant role', fr: 'Rôle du candidat', zh: '申请方身份' },
    synonyms: ['role', 'company role', 'applicant', 'rôle', 'statut du candidat', 'qualité', '身份', '角色', '申请方'],
    ...values(ROLE_VALUES),
    help: { en: 'who applies for the store', fr: 'qui demande l’ouverture de la boutique', zh: '开店申请方的身份' } },
  { path: 'company.entityOutsideMainlandChina', type: 'boolean', example: true,
    label: { en: 'Entity outside mainland China', fr: 'Société hors Chine continentale', zh: '中国大陆以外注册公司' },
    synonyms: ['overseas entity', 'entity outside china', 'foreign entity', 'société étrangère',
      'entité hors chine', 'société hors chine', '境外主体', '海外公司', '境外公司'],
    help: { en: 'the applicant company is registered outside mainland China', fr: 'la société candidate est immatriculée hors de Chine continentale', zh: '申请公司注册在中国大陆以外' } },
  { path: 'company.overseasBankAccount', type: 'boolean', example: true,
    label: { en: 'Overseas bank account', fr: 'Compte bancaire hors Chine', zh: '境外银行账户' },
    synonyms: ['bank account', 'bank account outside china', 'compte bancaire', 'compte bancaire à l étranger',
      '海外银行账户', '银行账户'],
    help: { en: 'a bank account outside mainland China', fr: 'un compte bancaire hors de Chine continentale', zh: '拥有中国大陆以外的银行账户' } },
  { path: 'company.chinaTeamFte', type: 'number', min: 0, example: 2,
    label: { en: 'China team (FTE)', fr: 'Équipe Chine (ETP)', zh: '中国团队人数' },
    synonyms: ['china team', 'china fte', 'team china', 'équipe chine', 'etp chine', 'effectif chine', '中国团队',
      '中国团队规模'],
    help: { en: 'people dedicated to China, in-house (full-time equivalents)', fr: 'personnes dédiées à la Chine en interne (équivalents temps plein)', zh: '内部专职负责中国市场的人数（全职当量）' } },
  { path: 'company.exportExperienceAsia', type: 'boolean', example: true,
    label: { en: 'Sells in Asia', fr: 'Vend en Asie', zh: '已在亚洲销售' },
    synonyms: ['export experience asia', 'asia experience', 'asian markets', 'expérience export asie',
      'expérience asie', 'présence en asie', '亚洲经验', '亚洲出口经验'],
    help: { en: 'already sells in Asian markets', fr: 'vend déjà sur des marchés asiatiques', zh: '已在亚洲市场销售' } },
  { path: 'company.existingChinaSales', type: 'boolean', example: true,
    label: { en: 'Sells to China', fr: 'Vend déjà en Chine', zh: '已有中国销售' },
    synonyms: ['existing china sales', 'china sales', 'ventes en chine', 'ventes chine', 'présence en chine',
      '中国销售', '已在中国销售'],
    help: { en: 'already sells to Chinese consumers (stores, travel retail, other platforms)', fr: 'vend déjà à des consommateurs chinois (boutiques, travel retail, autres plateformes)', zh: '已向中国消费者销售（门店、免税渠道、其他平台）' } },
  { path: 'ip.homeTrademark', type: 'enum', values: TRADEMARK, example: 'registered',
    label: { en: 'Home trademark', fr: 'Marque déposée (pays d\'origine)', zh: '本国商标' },
    synonyms: ['home trademark status', 'trademark home', 'domestic trademark', 'marque pays d origine',
      'dépôt de marque', 'marque inpi', '本国商标状态', '国内商标'],
    ...values(TRADEMARK_VALUES),
    help: { en: 'trademark status in the home country', fr: 'statut de la marque déposée dans le pays d’origine', zh: '本国商标状态' } },
  { path: 'ip.chinaTrademark', type: 'enum', values: TRADEMARK, example: 'registered',
    label: { en: 'China trademark', fr: 'Marque déposée (Chine)', zh: '中国商标' },
    synonyms: ['china trademark status', 'trademark china', 'cnipa', 'cnipa trademark', 'marque chine',
      'marque en chine', 'dépôt chine', 'marque cnipa', '中国商标状态', '国内注册商标'],
    ...values(TRADEMARK_VALUES),
    help: { en: 'trademark status at CNIPA, the Chinese trademark office', fr: 'statut de la marque auprès de la CNIPA, l’office chinois des marques', zh: '在中国国家知识产权局（CNIPA）的商标状态' } },
  { path: 'ip.chinaTrademarkSquatted', type: 'boolean', example: false,
    label: { en: 'Trademark squatted in China', fr: 'Marque squattée en Chine', zh: '商标被抢注' },
    synonyms: ['squatted', 'trademark squatted', 'squatting', 'marque squattée', 'marque usurpée',
      'marque usurpée en chine', '抢注', '商标抢注'],
    help: { en: "someone else holds the brand's mark in China", fr: 'un tiers détient la marque en Chine', zh: '品牌商标在中国被他人抢注' } },
  { path: 'ip.chineseBrandName', type: 'string', example: '示例之家',
    noneIsAnswer: true,
    label: { en: 'Chinese brand name', fr: 'Nom chinois', zh: '中文品牌名' },
    synonyms: ['chinese name', 'brand name in chinese', 'nom en chinois', 'nom chinois de la marque',
      'nom de marque chinois', '中文名', '中文名称'],
    help: { en: "the brand's name in Chinese characters, if any", fr: 'le nom de la marque en caractères chinois, s’il existe', zh: '品牌中文名（如有）' } },
  { path: 'ip.chineseBrandNameRegistered', type: 'boolean', example: true,
    label: { en: 'Chinese name registered', fr: 'Nom chinois déposé', zh: '中文名已注册' },
    synonyms: ['chinese name trademark', 'chinese brand name registered', 'nom chinois enregistré',
      'dépôt du nom chinois', '中文名商标', '中文商标'],
    help: { en: 'the Chinese name is registered as a trademark in China', fr: 'le nom chinois est déposé comme marque en Chine', zh: '中文品牌名已在中国注册商标' } },
  { path: 'ip.authorizationChainComplete', type: 'boolean', example: true,
    label: { en: 'Authorisation chain complete', fr: 'Chaîne d\'autorisation complète', zh: '授权链完整' },
    synonyms: ['authorization chain', 'authorisation chain', 'authorization chain complete',
      'chaîne d autorisation', 'chaîne de licences', '授权链', '授权文件齐全'],
    help: { en: 'unbroken authorisation from the trademark holder to the applicant', fr: 'chaîne d’autorisation complète du titulaire de la marque jusqu’au candidat', zh: '从商标权利人到申请方的授权链完整' } },
  { path: 'ip.ipProtectionPlatform', type: 'boolean', example: true,
    label: { en: 'IP Protection Platform', fr: 'Plateforme IPP', zh: '知识产权保护平台' },
    synonyms: ['ipp', 'ip protection', 'alibaba ipp', 'plateforme de protection pi', 'protection pi', '阿里知识产权保护平台',
      'ipp 平台'],
    help: { en: "enrolled in Alibaba's IP Protection Platform", fr: 'inscrite sur la plateforme de protection de la propriété intellectuelle d’Alibaba (IPP)', zh: '已加入阿里巴巴知识产权保护平台（IPP）' } },
  { path: 'productRange.skuCount', type: 'integer', min: 0, example: 45,
    label: { en: 'SKUs for China', fr: 'Références pour la Chine', zh: 'SKU 数量' },
    synonyms: ['sku count', 'skus', 'sku', 'number of skus', 'nombre de références', 'références', 'nb références',
      'nombre de sku', 'nb sku', '商品数量', 'sku 数'],
    help: { en: 'SKUs intended for China', fr: 'références (SKU) prévues pour la Chine', zh: '计划在中国销售的 SKU 数量' } },
  { path: 'productRange.heroProducts', type: 'integer', min: 0, example: 5,
    label: { en: 'Hero products', fr: 'Produits phares', zh: '爆款产品数' },
    synonyms: ['hero skus', 'best sellers', 'bestsellers', 'best-sellers', 'produits stars',
      'best sellers éprouvés', '爆款', '爆品'],
    help: { en: 'proven best-sellers in that range', fr: 'best-sellers éprouvés dans cette gamme', zh: '其中经过验证的爆款产品数量' } },
  { path: 'productRange.chinaAdaptedSkus', type: 'integer', min: 0, example: 6,
    label: { en: 'SKUs adapted to China', fr: 'Références adaptées à la Chine', zh: '针对中国调整的 SKU' },
    synonyms: ['china adapted skus', 'adapted skus', 'adapted products', 'produits adaptés', 'références adaptées',
      '本地化产品', '本土化 sku'],
    help: { en: 'products, sizes or formulas adapted to Chinese consumers', fr: 'produits, formats ou formules adaptés aux consommateurs chinois', zh: '针对中国消费者调整的产品、规格或配方数量' } },
  { path: 'productRange.positiveListSharePct', type: 'number', min: 0, max: 100, example: 95,
    label: { en: 'Positive list share (%)', fr: 'Part liste positive (%)', zh: '正面清单占比（%）' },
    synonyms: ['positive list', 'positive list share', 'on positive list', 'liste positive',
      'part sur liste positive', '正面清单', '正面清单占比'],
    help: { en: "share of SKUs on China's cross-border e-commerce positive list, in percent", fr: 'part des références figurant sur la liste positive du commerce électronique transfrontalier chinois, en pourcentage', zh: '列入中国跨境电商零售进口正面清单的 SKU 占比（%）' } },
  { path: 'productRange.regulatoryPath', type: 'enum', values: ['cross-border', 'nmpa-filed', 'nmpa-registered', 'samr-registered', 'gacc-registered', 'not-required', 'none'], example: 'cross-border',
    label: { en: 'Regulatory path', fr: 'Voie réglementaire', zh: '合规途径' },
    synonyms: ['regulatory', 'registration', 'regulatory status', 'réglementaire', 'enregistrement', 'homologation',
      'statut réglementaire', '注册备案', '监管途径', '合规'],
    ...values(REGULATORY_PATH_VALUES),
    help: { en: 'how the products are cleared for sale in China', fr: 'comment les produits sont autorisés à la vente en Chine', zh: '产品在中国合规上市的途径' } },
  { path: 'productRange.averageUnitPriceEur', type: 'number', min: 0, example: 48,
    label: { en: 'Average unit price (EUR)', fr: 'Prix moyen (€)', zh: '平均单价（欧元）' },
    synonyms: ['average price', 'unit price', 'average retail price', 'prix moyen unitaire', 'prix unitaire moyen',
      'prix de vente moyen', 'pvc moyen', '均价', '平均单价', '客单价'],
    help: { en: 'average retail price of one item, in euros', fr: 'prix de vente moyen d’un article, en euros', zh: '单件商品平均零售价（欧元）' } },
  { path: 'localization.listingsZhHansPct', type: 'number', min: 0, max: 100, example: 100,
    label: { en: 'Listings in Chinese (%)', fr: 'Fiches en chinois (%)', zh: '中文详情页占比（%）' },
    synonyms: ['listings zh', 'chinese listings', 'listings in simplified chinese', 'fiches produit en chinois',
      'fiches chinois', 'traduction chinois', '中文详情页', '中文详情'],
    help: { en: 'share of product pages written in Simplified Chinese, in percent', fr: 'part des fiches produit rédigées en chinois simplifié, en pourcentage', zh: '以简体中文撰写的商品详情页占比（%）' } },
  { path: 'localization.labelling', type: 'enum', values: ['physical', 'electronic', 'none'], example: 'electronic',
    label: { en: 'Chinese labelling', fr: 'Étiquetage chinois', zh: '中文标签' },
    synonyms: ['labelling', 'labeling', 'chinese labels', 'étiquetage', 'étiquettes', 'étiquetage en chinois', '标签',
      '中文标识'],
    ...values(LABELLING_VALUES),
    help: { en: 'Chinese labelling of the products', fr: 'étiquetage en chinois des produits', zh: '产品中文标签' } },
  { path: 'localization.chineseCustomerService', type: 'boolean', example: true,
    label: { en: 'Chinese customer service', fr: 'Service client en chinois', zh: '中文客服' },
    synonyms: ['customer service', 'customer service in chinese', 'service client', 'service client chinois',
      'sav chinois', '客服'],
    help: { en: 'customer service in Chinese', fr: 'service client en chinois', zh: '提供中文客服' } },
  { path: 'localization.mainlandReturnAddress', type: 'boolean', example: true,
    label: { en: 'Return address in China', fr: 'Adresse de retour en Chine', zh: '中国大陆退货地址' },
    synonyms: ['return address', 'mainland return address', 'china return address', 'adresse de retour',
      'adresse retour chine', '退货地址', '国内退货地址'],
    help: { en: 'a return address in mainland China', fr: 'une adresse de retour en Chine continentale', zh: '拥有中国大陆退货地址' } },
  { path: 'localization.socialChannels', type: 'list', values: ['wechat', 'weibo', 'xiaohongshu', 'douyin', 'bilibili', 'kuaishou'], example: ['wechat', 'xiaohongshu'],
    label: { en: 'Social channels', fr: 'Réseaux sociaux', zh: '社交平台' },
    synonyms: ['social media', 'social networks', 'social accounts', 'réseaux', 'médias sociaux', 'comptes sociaux',
      '社交媒体', '社媒'],
    ...values(SOCIAL_CHANNELS_VALUES),
    help: { en: 'active official accounts on Chinese social networks', fr: 'comptes officiels actifs sur les réseaux sociaux chinois', zh: '在中国社交平台上运营的官方账号' } },
  { path: 'localization.kolProgram', type: 'boolean', example: true,
    label: { en: 'KOL programme', fr: 'Programme KOL', zh: 'KOL 合作' },
    synonyms: ['kol', 'kol program', 'kols', 'influencers', 'influencer programme', 'influenceurs',
      'programme d influence', '达人合作', '网红合作'],
    help: { en: 'a key-opinion-leader (KOL) programme is planned or running', fr: 'un programme d’influenceurs (KOL) est prévu ou en cours', zh: '已规划或正在开展 KOL（关键意见领袖）合作' } },
  { path: 'pricing.chinaPriceGapPct', type: 'number', min: -100, max: 1000, example: 12,
    label: { en: 'China price gap (%)', fr: 'Écart de prix Chine (%)', zh: '中国价差（%）' },
    synonyms: ['price gap', 'china price gap', 'price difference china', 'écart de prix', 'écart prix chine', '价差',
      '中外价差'],
    help: { en: 'China retail price versus home market, in percent (negative: cheaper in China)', fr: 'écart du prix de vente en Chine par rapport au marché d’origine, en pourcentage (négatif : moins cher en Chine)', zh: '中国零售价相对本国市场的价差（%，负数表示在中国更便宜）' } },
  { path: 'pricing.greyMarketPresence', type: 'enum', values: ['none', 'low', 'high'], example: 'low',
    label: { en: 'Grey market', fr: 'Marché gris', zh: '灰色市场' },
    synonyms: ['grey market presence', 'gray market', 'daigou', 'parallel market', 'marché parallèle',
      'revente parallèle', '代购', '灰色市场情况'],
    ...values(GREY_MARKET_PRESENCE_VALUES),
    help: { en: 'daigou / grey-market resale seen', fr: 'revente parallèle (daigou, marché gris) constatée', zh: '代购 / 灰色市场转售情况' } },
  { path: 'pricing.festivalDiscountPct', type: 'number', min: 0, max: 100, example: 15,
    label: { en: 'Festival discount (%)', fr: 'Remise festivals (%)', zh: '大促折扣（%）' },
    synonyms: ['festival discount', 'max discount', 'deepest discount', 'remise max', 'remise maximale',
      'remise 11 11', '折扣', '最大折扣', '大促折扣'],
    help: { en: 'deepest discount the brand accepts for 11.11 / 618, in percent', fr: 'remise maximale acceptée pour le 11.11 / 618, en pourcentage', zh: '品牌在双十一 / 618 可接受的最大折扣（%）' } },
  { path: 'pricing.marginAfterFeesPct', type: 'number', min: -100, max: 100, example: 45,
    label: { en: 'Margin after fees (%)', fr: 'Marge après frais (%)', zh: '费后毛利率（%）' },
    synonyms: ['margin', 'margin after fees', 'gross margin', 'marge', 'marge après frais', 'marge brute',
      'marge nette', '毛利率', '利润率'],
    help: { en: 'gross margin after platform, payment, agency and logistics fees, in percent', fr: 'marge brute après frais de plateforme, de paiement, d’agence et de logistique, en pourcentage', zh: '扣除平台、支付、代运营和物流费用后的毛利率（%）' } },
  { path: 'pricing.year1BudgetEur', type: 'number', min: 0, example: 400000,
    label: { en: 'Year-1 budget (EUR)', fr: 'Budget 1re année (€)', zh: '首年预算（欧元）' },
    synonyms: ['budget', 'first year budget', 'year 1 budget', 'year one budget', 'china budget', 'budget année 1',
      'budget première année', 'budget 1ère année', 'budget chine', 'budget an 1', '预算', '首年预算', '第一年预算'],
    help: { en: 'first-year China budget in euros (deposit, fees, agency, marketing)', fr: 'budget Chine de la première année, en euros (caution, frais, agence, marketing)', zh: '第一年中国市场预算（欧元，含保证金、年费、代运营、营销）' } },
  { path: 'pricing.promotionCalendar', type: 'list', values: ['cny', '38', '618', '99', '1111', '1212'], example: ['cny', '618', '1111'],
    label: { en: 'Shopping festivals', fr: 'Fêtes commerciales', zh: '购物节' },
    synonyms: ['promotion calendar', 'festivals', 'promotions', 'calendrier promotionnel', 'temps forts',
      'opérations commerciales', '大促', '大促节点', '促销日历'],
    ...values(PROMOTION_CALENDAR_VALUES),
    help: { en: 'shopping festivals the brand plans to join', fr: 'fêtes commerciales auxquelles la marque prévoit de participer', zh: '计划参加的购物节' } },
  { path: 'partners.tmallPartner', type: 'string', example: 'Example TP Agency',
    noneIsAnswer: true,
    label: { en: 'Tmall Partner', fr: 'Agence Tmall Partner', zh: '天猫服务商' },
    synonyms: ['tp', 'tp agency', 'tmall partner agency', 'agence tp', 'partenaire tmall', 'agence tmall', '代运营',
      'tp 服务商', '服务商'],
    help: { en: 'the Tmall Partner (TP) agency signed; empty if none', fr: 'l’agence Tmall Partner (TP) signée ; vide s’il n’y en a pas', zh: '已签约的天猫服务商（TP）；没有则留空' } },
  { path: 'partners.logistics', type: 'enum', values: ['bonded-warehouse', 'direct-mail', 'hybrid', 'domestic-warehouse', 'none'], example: 'bonded-warehouse',
    label: { en: 'Logistics', fr: 'Logistique', zh: '物流模式' },
    synonyms: ['fulfilment', 'fulfillment', 'logistics model', 'fulfilment model', 'modèle logistique',
      'mode logistique', '物流', '履约模式'],
    ...values(LOGISTICS_VALUES),
    help: { en: 'fulfilment model', fr: 'modèle logistique', zh: '履约物流模式' } },
  { path: 'partners.stockCoverMonths', type: 'number', min: 0, example: 4,
    label: { en: 'Stock cover (months)', fr: 'Couverture de stock (mois)', zh: '库存月数' },
    synonyms: ['stock cover', 'stock months', 'months of stock', 'mois de stock', 'couverture stock', 'stock', '库存',
      '库存周期'],
    help: { en: 'months of stock available for China', fr: 'mois de stock disponibles pour la Chine', zh: '可供中国市场的库存月数' } },
  { path: 'partners.payment', type: 'list', values: ['alipay', 'wechat-pay', 'unionpay'], example: ['alipay'],
    label: { en: 'Payment methods', fr: 'Moyens de paiement', zh: '支付方式' },
    synonyms: ['payment', 'payments', 'paiement', 'modes de paiement', '支付'],
    ...values(PAYMENT_VALUES),
    help: { en: 'payment methods', fr: 'moyens de paiement', zh: '支付方式' } },
  { path: 'market.launchLeadTimeMonths', type: 'number', min: 0, example: 6,
    label: { en: 'Launch lead time (months)', fr: 'Délai de lancement (mois)', zh: '上线周期（月）' },
    synonyms: ['lead time', 'launch lead time', 'time to launch', 'délai', 'délai de lancement',
      'délai avant lancement', '上线时间', '上线周期'],
    help: { en: 'months planned between application and launch', fr: 'mois prévus entre la candidature et le lancement', zh: '从申请到上线计划的月数' } },
  // issue 14: market fit (what Alibaba France gives as reasons to turn brands down); kept at the end for merging
  { path: 'market.segment', type: 'enum', values: SEGMENTS, example: 'skincare',
    label: { en: 'Segment', fr: 'Segment', zh: '细分品类' },
    synonyms: ['market segment', 'sub-category', 'subcategory', 'segment de marché', 'sous-catégorie', '细分市场', '子类目'],
    valueLabels: Object.fromEntries(SEGMENTS.map((s) => [s, VALUE_LABELS[s] ?? { en: s }])),
    help: { en: 'the segment of the category the brand sells in (skincare, still wine, infant formula...): the packs know how mature and crowded each is in China', fr: 'le segment de la catégorie où la marque vend (soin, vin tranquille, lait infantile...) : les packs savent à quel point chacun est mûr et encombré en Chine', zh: '品牌所属的细分品类（护肤、静止葡萄酒、婴幼儿配方奶粉……）：规则包记录了各细分品类在中国的成熟度与竞争程度' } },
  { path: 'market.brandAwarenessChina', type: 'enum', values: ['none', 'low', 'medium', 'high'], example: 'low',
    label: { en: 'Brand awareness in China', fr: 'Notoriété en Chine', zh: '品牌在华知名度' },
    help: { en: 'how well Chinese consumers already know the brand (search and social volume, travel-retail and daigou demand)', fr: 'à quel point les consommateurs chinois connaissent déjà la marque (recherches et réseaux sociaux, demande en travel retail et daigou)', zh: '中国消费者对品牌的认知程度（搜索与社交声量、免税渠道和代购需求）' } },
  { path: 'market.consumerTestingChina', type: 'boolean', example: true,
    label: { en: 'Tested with Chinese consumers', fr: 'Testée auprès de consommateurs chinois', zh: '已做中国消费者测试' },
    help: { en: 'the range has been tested with Chinese consumers (panels, a pilot store, travel-retail feedback)', fr: 'la gamme a été testée auprès de consommateurs chinois (panels, boutique pilote, retours du travel retail)', zh: '产品线已经过中国消费者测试（消费者小组、试点店铺、免税渠道反馈）' } },
  { path: 'market.commitmentYears', type: 'number', min: 0, max: 50, example: 3,
    label: { en: 'Years committed to China', fr: 'Années d’engagement en Chine', zh: '在华投入年限' },
    synonyms: ['commitment years', 'commitment', 'years of commitment', 'engagement', 'durée d’engagement', '投入年限'],
    help: { en: 'years the brand commits to China before expecting the store to pay its way', fr: 'nombre d’années pendant lesquelles la marque s’engage en Chine avant d’attendre la rentabilité de la boutique', zh: '品牌在期望店铺盈利之前愿意在中国持续投入的年数' } },
];

export const FIELD_INDEX: ReadonlyMap<string, number> = new Map(FIELDS.map((f, i) => [f.path, i]));

export function fieldDef(path: string): FieldDef | undefined {
  const i = FIELD_INDEX.get(path);
  return i === undefined ? undefined : FIELDS[i];
}

/** The top-level groups (brand, company, ip...) in the order the contract lists them. */
export const SECTIONS: readonly string[] = [...new Set(FIELDS.filter((f) => f.path.includes('.')).map((f) => f.path.split('.')[0]!))];

/** v2: the header a spreadsheet or template writes for a field, in a language (its path when it has no label). */
export function fieldLabel(field: FieldDef, lang: Lang): string {
  return field.label ? (field.label[lang] ?? field.label.en) : field.path;
}
