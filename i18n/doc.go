// Package i18n is the desk's one catalogue of texts, in Chinese and
// English: what the dialogues ask, what the notices say, and what each
// platform's adapter says on its own. Every text is looked up by key with
// T (one language) or Both (a group chat read in either).
package i18n
