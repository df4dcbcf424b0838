import { useI18n } from '../../i18n/I18nProvider';
import { namespace } from '../../i18n/messages';

/**
 * The strings of the buyer's account pages (Credits, receipts, and History's links to them), in
 * both languages. They load with those pages, so the first download does not carry them.
 */
const en = {
  'home.openTitle': 'An order is waiting for payment',
  'home.open': '{pack}: {price} for {credits} credits.',
  'home.openUntil': 'You can pay it until {time}.',
  'home.recent': 'Your last purchases',
  'home.whereWent': 'Where your credits went',
  'home.trustLabel': 'About paying',
  'home.trust': 'Payments are taken by Whop on its secure checkout: your card details go to Whop, never to this app.',
  'home.cards': 'Whop’s checkout takes cards such as Visa, Mastercard and American Express.',
  'ledger.title': 'Your credits',
  'ledger.balance': 'Balance: {balance} credits',
  'ledger.held': '{held} set aside for work in progress',
  'ledger.empty': 'Nothing has moved yet: buy a pack to start.',
  'ledger.grant': 'Credits bought',
  'ledger.spend': 'Spent',
  'ledger.refundTaken': 'Taken back: the purchase was refunded',
  'ledger.refundBack': 'Given back: a refund did not go through',
  'ledger.disputeTaken': 'Held or taken back: the payment was disputed with your bank',
  'ledger.disputeBack': 'Given back: the dispute was settled',
  'ledger.adjustment': 'Adjusted by support',
  'ledger.receipt': 'Receipt',
  'receipt.title': 'Receipt',
  'receipt.unpaid': 'Nothing was charged for this order, so there is no receipt.',
  'receipt.seeOrder': 'See the order',
  'receipt.item': 'Bought',
  'receipt.bonus': '(including {bonus} bonus)',
  'receipt.price': 'Price',
  'receipt.charged': 'Charged by Whop',
  'receipt.chargedNote': 'in {currency}, any tax Whop added included',
  'receipt.tax': 'Of which tax',
  'receipt.taxNote': 'added by Whop on top of the price',
  'receipt.paidAt': 'Paid',
  'receipt.reference': 'Whop payment',
  'receipt.order': 'Order',
  'receipt.refunded': 'Refunded',
  'receipt.takenBack': '{credits} credits taken back',
  'receipt.status': 'Status',
  'receipt.processor': 'Payment processed by Whop. Keep this page for your records: the Whop payment reference identifies the charge on your statement and with Whop.',
  'receipt.print': 'Print',
  'receipt.of': 'Receipt for {pack}',
} as const;

export type AccountKey = keyof typeof en;

const zhCN: Record<AccountKey, string> = {
  'home.openTitle': '有一笔订单等待付款',
  'home.open': '{pack}：{price}，{credits} 积分。',
  'home.openUntil': '您可在 {time} 前完成付款。',
  'home.recent': '最近的购买',
  'home.whereWent': '查看积分明细',
  'home.trustLabel': '关于付款',
  'home.trust': '付款由 Whop 在其安全结账页面收取：您的银行卡信息只提交给 Whop，绝不会经过本应用。',
  'home.cards': 'Whop 结账页面支持 Visa、Mastercard、American Express 等银行卡。',
  'ledger.title': '您的积分',
  'ledger.balance': '余额：{balance} 积分',
  'ledger.held': '{held} 积分预留给进行中的任务',
  'ledger.empty': '还没有积分变动：购买套餐即可开始。',
  'ledger.grant': '购买积分',
  'ledger.spend': '已使用',
  'ledger.refundTaken': '已扣回：该笔购买已退款',
  'ledger.refundBack': '已返还：退款未能完成',
  'ledger.disputeTaken': '已冻结或扣回：该笔付款被您的银行提出争议',
  'ledger.disputeBack': '已返还：争议已解决',
  'ledger.adjustment': '客服调整',
  'ledger.receipt': '收据',
  'receipt.title': '收据',
  'receipt.unpaid': '此订单未产生扣款，因此没有收据。',
  'receipt.seeOrder': '查看订单',
  'receipt.item': '购买内容',
  'receipt.bonus': '（含赠送 {bonus}）',
  'receipt.price': '价格',
  'receipt.charged': 'Whop 扣款',
  'receipt.chargedNote': '币种 {currency}，含 Whop 加收的税费',
  'receipt.tax': '其中税费',
  'receipt.taxNote': '由 Whop 在价格之外加收',
  'receipt.paidAt': '付款时间',
  'receipt.reference': 'Whop 付款编号',
  'receipt.order': '订单',
  'receipt.refunded': '已退款',
  'receipt.takenBack': '已扣回 {credits} 积分',
  'receipt.status': '状态',
  'receipt.processor': '付款由 Whop 处理。请保留此页以备查询：Whop 付款编号可用于核对您的账单及向 Whop 查询。',
  'receipt.print': '打印',
  'receipt.of': '{pack} 的收据',
};

const accountMessages = namespace<AccountKey>({ en, 'zh-CN': zhCN });

/** The interface's formatting and strings, and the account pages' own (`a`). */
export function useAccountText() {
  const i18n = useI18n();
  return { ...i18n, a: accountMessages(i18n.locale).t };
}
