// SPDX-License-Identifier: Apache-2.0
// The wallet's public API: every export by name.
export { registerWallet, type WalletDeps } from './http/register-wallet.ts';
export { webWalletClient, WEB_WALLET_CLIENT_ID, type WalletClient as WebWalletClient } from './app/authorization.ts';
export { verifyRequestObject, type VerifiedRequest } from './domain/verify-request-object.ts';
export { WalletError, walletErrors, RequestNotTrusted } from './domain/wallet-errors.ts';
