// How enum values read in a sentence, per language. Rule messages insert the profile's value ({actual});
// "reseller" or "none" in the middle of a French or Chinese sentence would read as a slip.
import type { Lang } from '../types.js';

type Labels = Record<string, { en: string; fr: string; zh: string }>;

const VALUE_LABELS: Labels = {
  beauty: { en: 'beauty', fr: 'beauté', zh: '美妆' },
  fashion: { en: 'fashion', fr: 'mode', zh: '时装' },
  luxury: { en: 'luxury', fr: 'luxe', zh: '奢侈品' },
  accessories: { en: 'accessories', fr: 'accessoires', zh: '配饰' },
  food: { en: 'food', fr: 'alimentation', zh: '食品' },
  beverages: { en: 'beverages', fr: 'boissons', zh: '饮料' },
  'wine-spirits': { en: 'wine and spirits', fr: 'vins et spiritueux', zh: '葡萄酒与烈酒' },
  'health-supplements': { en: 'health supplements', fr: 'compléments alimentaires', zh: '保健品' },
  baby: { en: 'baby', fr: 'puériculture', zh: '母婴' },
  home: { en: 'home', fr: 'maison', zh: '家居' },
  sports: { en: 'sports', fr: 'sport', zh: '运动' },
  electronics: { en: 'electronics', fr: 'électronique', zh: '电子产品' },
  other: { en: 'other', fr: 'autre', zh: '其他' },
  registered: { en: 'registered', fr: 'enregistrée', zh: '已注册' },
  pending: { en: 'pending', fr: 'en cours d’enregistrement', zh: '申请中' },
  none: { en: 'none', fr: 'aucun', zh: '无' },
  'brand-owner': { en: 'the brand owner', fr: 'le propriétaire de la marque', zh: '品牌方' },
  'exclusive-licensee': { en: 'an exclusive licensee', fr: 'un licencié exclusif', zh: '独家被许可方' },
  'authorized-distributor': { en: 'an authorised distributor', fr: 'un distributeur agréé', zh: '授权经销商' },
  reseller: { en: 'a reseller', fr: 'un revendeur', zh: '经销转售商' },
  'cross-border': { en: 'cross-border', fr: 'transfrontalier', zh: '跨境' },
  'nmpa-filed': { en: 'NMPA-filed', fr: 'notifié auprès de la NMPA', zh: 'NMPA 备案' },
  'nmpa-registered': { en: 'NMPA-registered', fr: 'enregistré auprès de la NMPA', zh: 'NMPA 注册' },
  'gacc-registered': { en: 'GACC-registered', fr: 'enregistré auprès de la GACC', zh: '海关总署（GACC）注册' },
  'not-required': { en: 'not required', fr: 'non requis', zh: '无需注册' },
  physical: { en: 'physical labels', fr: 'étiquettes physiques', zh: '实体标签' },
  electronic: { en: 'electronic labels', fr: 'étiquettes électroniques', zh: '电子标签' },
  low: { en: 'low', fr: 'faible', zh: '少量' },
  high: { en: 'high', fr: 'forte', zh: '严重' },
  'bonded-warehouse': { en: 'bonded warehouse', fr: 'entrepôt sous douane', zh: '保税仓' },
  'direct-mail': { en: 'direct mail', fr: 'envoi direct', zh: '直邮' },
  hybrid: { en: 'hybrid', fr: 'mixte', zh: '混合模式' },
  'domestic-warehouse': { en: 'domestic warehouse', fr: 'entrepôt en Chine', zh: '国内仓' },
  alipay: { en: 'Alipay', fr: 'Alipay', zh: '支付宝' },
  'wechat-pay': { en: 'WeChat Pay', fr: 'WeChat Pay', zh: '微信支付' },
  unionpay: { en: 'UnionPay', fr: 'UnionPay', zh: '银联' },
  wechat: { en: 'WeChat', fr: 'WeChat', zh: '微信' },
  weibo: { en: 'Weibo', fr: 'Weibo', zh: '微博' },
  xiaohongshu: { en: 'Xiaohongshu', fr: 'Xiaohongshu', zh: '小红书' },
  douyin: { en: 'Douyin', fr: 'Douyin', zh: '抖音' },
  bilibili: { en: 'Bilibili', fr: 'Bilibili', zh: '哔哩哔哩' },
  kuaishou: { en: 'Kuaishou', fr: 'Kuaishou', zh: '快手' },
  cny: { en: 'Chinese New Year', fr: 'Nouvel An chinois', zh: '春节' },
  '38': { en: '3.8 Women’s Day', fr: '3.8 (journée des femmes)', zh: '三八节' },
  '618': { en: '618', fr: '618', zh: '618' },
  '99': { en: '9.9', fr: '9.9', zh: '99 大促' },
  '1111': { en: '11.11 Singles’ Day', fr: '11.11 (Singles’ Day)', zh: '双十一' },
  '1212': { en: '12.12', fr: '12.12', zh: '双十二' },
};

/** The label of an enum value in a language, or the value itself when it has none (free text, numbers). */
export function valueLabel(value: string, lang: Lang): string {
  return VALUE_LABELS[value]?.[lang] ?? value;
}
