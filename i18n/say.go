package i18n

// Say returns message key in lang or, when no language is known (""), in
// both, Chinese first: what an adapter says on its own to someone the
// desk does not know yet, or in a chat read in either language.
func Say(lang, key string, args ...any) string {
	if lang == "" {
		return Both(key, args...)
	}
	return T(lang, key, args...)
}
