import { PaymentModal } from '@credits/react';

/** @credits/react's purchase modal, as a chunk of its own: it loads when first opened. */
export default PaymentModal;
