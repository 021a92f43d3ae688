// SPDX-License-Identifier: Apache-2.0
// The exchange's public API: every export by name.
export {};
