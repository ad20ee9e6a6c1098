// The catalogue of profile fields (contract section 2). It is the single source from which the JSON Schema,
// the CSV column converters, the `init` template, the interview questions and the rule-pack static checks
// are all derived, so a field is described once.
import type { Lang, Localized } from '../types.js';

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

export const FIELDS: readonly FieldDef[] = [
  { path: 'schemaVersion', type: 'version', required: true, example: 1,
    help: { en: 'profile format version (always 1)', fr: 'version du format de profil (toujours 1)', zh: '档案格式版本（固定为 1）' } },
  { path: 'brand.name', type: 'string', required: true, example: 'Maison Exemple',
    help: { en: 'brand name', fr: 'nom de la marque', zh: '品牌名称' } },
  { path: 'brand.country', type: 'country', required: true, example: 'FR',
    help: { en: 'country of origin, ISO 3166-1 alpha-2 (FR, IT...)', fr: "pays d’origine, ISO 3166-1 alpha-2 (FR, IT...)", zh: '原产国，ISO 3166-1 两位字母代码（FR、IT……）' } },
  { path: 'brand.category', type: 'enum', required: true, values: CATEGORIES, example: 'beauty',
    help: { en: 'main product category', fr: 'catégorie principale de produits', zh: '主要产品类目' } },
  { path: 'brand.foundedYear', type: 'integer', min: 1000, max: 2100, example: 1998,
    help: { en: 'year the brand was founded', fr: 'année de création de la marque', zh: '品牌创立年份' } },
  { path: 'brand.annualRevenueEur', type: 'number', min: 0, example: 12000000,
    help: { en: "last fiscal year's revenue, in euros", fr: "chiffre d’affaires du dernier exercice, en euros", zh: '上一财年营业收入（欧元）' } },
  { path: 'brand.retailStores', type: 'integer', min: 0, example: 14,
    help: { en: 'own physical stores worldwide', fr: 'boutiques physiques en propre dans le monde', zh: '全球自营实体门店数量' } },
  { path: 'company.role', type: 'enum', values: ['brand-owner', 'exclusive-licensee', 'authorized-distributor', 'reseller'], example: 'brand-owner',
    help: { en: 'who applies for the store', fr: 'qui demande l’ouverture de la boutique', zh: '开店申请方的身份' } },
  { path: 'company.entityOutsideMainlandChina', type: 'boolean', example: true,
    help: { en: 'the applicant company is registered outside mainland China', fr: 'la société candidate est immatriculée hors de Chine continentale', zh: '申请公司注册在中国大陆以外' } },
  { path: 'company.overseasBankAccount', type: 'boolean', example: true,
    help: { en: 'a bank account outside mainland China', fr: 'un compte bancaire hors de Chine continentale', zh: '拥有中国大陆以外的银行账户' } },
  { path: 'company.chinaTeamFte', type: 'number', min: 0, example: 2,
    help: { en: 'people dedicated to China, in-house (full-time equivalents)', fr: 'personnes dédiées à la Chine en interne (équivalents temps plein)', zh: '内部专职负责中国市场的人数（全职当量）' } },
  { path: 'company.exportExperienceAsia', type: 'boolean', example: true,
    help: { en: 'already sells in Asian markets', fr: 'vend déjà sur des marchés asiatiques', zh: '已在亚洲市场销售' } },
  { path: 'company.existingChinaSales', type: 'boolean', example: true,
    help: { en: 'already sells to Chinese consumers (stores, travel retail, other platforms)', fr: 'vend déjà à des consommateurs chinois (boutiques, travel retail, autres plateformes)', zh: '已向中国消费者销售（门店、免税渠道、其他平台）' } },
  { path: 'ip.homeTrademark', type: 'enum', values: TRADEMARK, example: 'registered',
    help: { en: 'trademark status in the home country', fr: 'statut de la marque déposée dans le pays d’origine', zh: '本国商标状态' } },
  { path: 'ip.chinaTrademark', type: 'enum', values: TRADEMARK, example: 'registered',
    help: { en: 'trademark status at CNIPA, the Chinese trademark office', fr: 'statut de la marque auprès de la CNIPA, l’office chinois des marques', zh: '在中国国家知识产权局（CNIPA）的商标状态' } },
  { path: 'ip.chinaTrademarkSquatted', type: 'boolean', example: false,
    help: { en: "someone else holds the brand's mark in China", fr: 'un tiers détient la marque en Chine', zh: '品牌商标在中国被他人抢注' } },
  { path: 'ip.chineseBrandName', type: 'string', example: '示例之家',
    help: { en: "the brand's name in Chinese characters, if any", fr: 'le nom de la marque en caractères chinois, s’il existe', zh: '品牌中文名（如有）' } },
  { path: 'ip.chineseBrandNameRegistered', type: 'boolean', example: true,
    help: { en: 'the Chinese name is registered as a trademark in China', fr: 'le nom chinois est déposé comme marque en Chine', zh: '中文品牌名已在中国注册商标' } },
  { path: 'ip.authorizationChainComplete', type: 'boolean', example: true,
    help: { en: 'unbroken authorisation from the trademark holder to the applicant', fr: 'chaîne d’autorisation complète du titulaire de la marque jusqu’au candidat', zh: '从商标权利人到申请方的授权链完整' } },
  { path: 'ip.ipProtectionPlatform', type: 'boolean', example: true,
    help: { en: "enrolled in Alibaba's IP Protection Platform", fr: 'inscrite sur la plateforme de protection de la propriété intellectuelle d’Alibaba (IPP)', zh: '已加入阿里巴巴知识产权保护平台（IPP）' } },
  { path: 'productRange.skuCount', type: 'integer', min: 0, example: 45,
    help: { en: 'SKUs intended for China', fr: 'références (SKU) prévues pour la Chine', zh: '计划在中国销售的 SKU 数量' } },
  { path: 'productRange.heroProducts', type: 'integer', min: 0, example: 5,
    help: { en: 'proven best-sellers in that range', fr: 'best-sellers éprouvés dans cette gamme', zh: '其中经过验证的爆款产品数量' } },
  { path: 'productRange.chinaAdaptedSkus', type: 'integer', min: 0, example: 6,
    help: { en: 'products, sizes or formulas adapted to Chinese consumers', fr: 'produits, formats ou formules adaptés aux consommateurs chinois', zh: '针对中国消费者调整的产品、规格或配方数量' } },
  { path: 'productRange.positiveListSharePct', type: 'number', min: 0, max: 100, example: 95,
    help: { en: "share of SKUs on China's cross-border e-commerce positive list, in percent", fr: 'part des références figurant sur la liste positive du commerce électronique transfrontalier chinois, en pourcentage', zh: '列入中国跨境电商零售进口正面清单的 SKU 占比（%）' } },
  { path: 'productRange.regulatoryPath', type: 'enum', values: ['cross-border', 'nmpa-filed', 'nmpa-registered', 'samr-registered', 'gacc-registered', 'not-required', 'none'], example: 'cross-border',
    help: { en: 'how the products are cleared for sale in China', fr: 'comment les produits sont autorisés à la vente en Chine', zh: '产品在中国合规上市的途径' } },
  { path: 'productRange.averageUnitPriceEur', type: 'number', min: 0, example: 48,
    help: { en: 'average retail price of one item, in euros', fr: 'prix de vente moyen d’un article, en euros', zh: '单件商品平均零售价（欧元）' } },
  { path: 'localization.listingsZhHansPct', type: 'number', min: 0, max: 100, example: 100,
    help: { en: 'share of product pages written in Simplified Chinese, in percent', fr: 'part des fiches produit rédigées en chinois simplifié, en pourcentage', zh: '以简体中文撰写的商品详情页占比（%）' } },
  { path: 'localization.labelling', type: 'enum', values: ['physical', 'electronic', 'none'], example: 'electronic',
    help: { en: 'Chinese labelling of the products', fr: 'étiquetage en chinois des produits', zh: '产品中文标签' } },
  { path: 'localization.chineseCustomerService', type: 'boolean', example: true,
    help: { en: 'customer service in Chinese', fr: 'service client en chinois', zh: '提供中文客服' } },
  { path: 'localization.mainlandReturnAddress', type: 'boolean', example: true,
    help: { en: 'a return address in mainland China', fr: 'une adresse de retour en Chine continentale', zh: '拥有中国大陆退货地址' } },
  { path: 'localization.socialChannels', type: 'list', values: ['wechat', 'weibo', 'xiaohongshu', 'douyin', 'bilibili', 'kuaishou'], example: ['wechat', 'xiaohongshu'],
    help: { en: 'active official accounts on Chinese social networks', fr: 'comptes officiels actifs sur les réseaux sociaux chinois', zh: '在中国社交平台上运营的官方账号' } },
  { path: 'localization.kolProgram', type: 'boolean', example: true,
    help: { en: 'a key-opinion-leader (KOL) programme is planned or running', fr: 'un programme d’influenceurs (KOL) est prévu ou en cours', zh: '已规划或正在开展 KOL（关键意见领袖）合作' } },
  { path: 'pricing.chinaPriceGapPct', type: 'number', min: -100, max: 1000, example: 12,
    help: { en: 'China retail price versus home market, in percent (negative: cheaper in China)', fr: 'écart du prix de vente en Chine par rapport au marché d’origine, en pourcentage (négatif : moins cher en Chine)', zh: '中国零售价相对本国市场的价差（%，负数表示在中国更便宜）' } },
  { path: 'pricing.greyMarketPresence', type: 'enum', values: ['none', 'low', 'high'], example: 'low',
    help: { en: 'daigou / grey-market resale seen', fr: 'revente parallèle (daigou, marché gris) constatée', zh: '代购 / 灰色市场转售情况' } },
  { path: 'pricing.festivalDiscountPct', type: 'number', min: 0, max: 100, example: 15,
    help: { en: 'deepest discount the brand accepts for 11.11 / 618, in percent', fr: 'remise maximale acceptée pour le 11.11 / 618, en pourcentage', zh: '品牌在双十一 / 618 可接受的最大折扣（%）' } },
  { path: 'pricing.marginAfterFeesPct', type: 'number', min: -100, max: 100, example: 45,
    help: { en: 'gross margin after platform, payment, agency and logistics fees, in percent', fr: 'marge brute après frais de plateforme, de paiement, d’agence et de logistique, en pourcentage', zh: '扣除平台、支付、代运营和物流费用后的毛利率（%）' } },
  { path: 'pricing.year1BudgetEur', type: 'number', min: 0, example: 400000,
    help: { en: 'first-year China budget in euros (deposit, fees, agency, marketing)', fr: 'budget Chine de la première année, en euros (caution, frais, agence, marketing)', zh: '第一年中国市场预算（欧元，含保证金、年费、代运营、营销）' } },
  { path: 'pricing.promotionCalendar', type: 'list', values: ['cny', '38', '618', '99', '1111', '1212'], example: ['cny', '618', '1111'],
    help: { en: 'shopping festivals the brand plans to join', fr: 'fêtes commerciales auxquelles la marque prévoit de participer', zh: '计划参加的购物节' } },
  { path: 'partners.tmallPartner', type: 'string', example: 'Example TP Agency',
    help: { en: 'the Tmall Partner (TP) agency signed; empty if none', fr: 'l’agence Tmall Partner (TP) signée ; vide s’il n’y en a pas', zh: '已签约的天猫服务商（TP）；没有则留空' } },
  { path: 'partners.logistics', type: 'enum', values: ['bonded-warehouse', 'direct-mail', 'hybrid', 'domestic-warehouse', 'none'], example: 'bonded-warehouse',
    help: { en: 'fulfilment model', fr: 'modèle logistique', zh: '履约物流模式' } },
  { path: 'partners.stockCoverMonths', type: 'number', min: 0, example: 4,
    help: { en: 'months of stock available for China', fr: 'mois de stock disponibles pour la Chine', zh: '可供中国市场的库存月数' } },
  { path: 'partners.payment', type: 'list', values: ['alipay', 'wechat-pay', 'unionpay'], example: ['alipay'],
    help: { en: 'payment methods', fr: 'moyens de paiement', zh: '支付方式' } },
  { path: 'market.launchLeadTimeMonths', type: 'number', min: 0, example: 6,
    help: { en: 'months planned between application and launch', fr: 'mois prévus entre la candidature et le lancement', zh: '从申请到上线计划的月数' } },
  // issue 14: market fit (what Alibaba France gives as reasons to turn brands down); kept at the end for merging
  { path: 'market.segment', type: 'enum', values: SEGMENTS, example: 'skincare',
    label: { en: 'Segment', fr: 'Segment', zh: '细分品类' },
    help: { en: 'the segment of the category the brand sells in (skincare, still wine, infant formula...): the packs know how mature and crowded each is in China', fr: 'le segment de la catégorie où la marque vend (soin, vin tranquille, lait infantile...) : les packs savent à quel point chacun est mûr et encombré en Chine', zh: '品牌所属的细分品类（护肤、静止葡萄酒、婴幼儿配方奶粉……）：规则包记录了各细分品类在中国的成熟度与竞争程度' } },
  { path: 'market.brandAwarenessChina', type: 'enum', values: ['none', 'low', 'medium', 'high'], example: 'low',
    label: { en: 'Brand awareness in China', fr: 'Notoriété en Chine', zh: '品牌在华知名度' },
    help: { en: 'how well Chinese consumers already know the brand (search and social volume, travel-retail and daigou demand)', fr: 'à quel point les consommateurs chinois connaissent déjà la marque (recherches et réseaux sociaux, demande en travel retail et daigou)', zh: '中国消费者对品牌的认知程度（搜索与社交声量、免税渠道和代购需求）' } },
  { path: 'market.consumerTestingChina', type: 'boolean', example: true,
    label: { en: 'Tested with Chinese consumers', fr: 'Testée auprès de consommateurs chinois', zh: '已做中国消费者测试' },
    help: { en: 'the range has been tested with Chinese consumers (panels, a pilot store, travel-retail feedback)', fr: 'la gamme a été testée auprès de consommateurs chinois (panels, boutique pilote, retours du travel retail)', zh: '产品线已经过中国消费者测试（消费者小组、试点店铺、免税渠道反馈）' } },
  { path: 'market.commitmentYears', type: 'number', min: 0, max: 50, example: 3,
    label: { en: 'Years committed to China', fr: 'Années d’engagement en Chine', zh: '在华投入年限' },
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
