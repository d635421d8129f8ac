// Locales offered for number and date formats. The API accepts any BCP 47 tag; a tag set
// elsewhere (through the API) is offered too.
const COMMON_LOCALES = [
  "en-US",
  "en-GB",
  "en-CA",
  "en-AU",
  "en-IN",
  "de-DE",
  "de-AT",
  "de-CH",
  "fr-FR",
  "fr-CA",
  "fr-CH",
  "it-IT",
  "es-ES",
  "es-MX",
  "nl-NL",
  "pt-PT",
  "pt-BR",
  "sv-SE",
  "nb-NO",
  "da-DK",
  "fi-FI",
  "pl-PL",
  "cs-CZ",
  "ja-JP",
  "ko-KR",
  "zh-CN",
];

function describe(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: "language" }).of(tag);
    return name ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

export function localeOptions(current: string | null, browser: string) {
  const tags =
    current && !COMMON_LOCALES.includes(current) ? [current, ...COMMON_LOCALES] : COMMON_LOCALES;
  return [
    { value: "", label: `Browser default (${browser})` },
    ...tags.map((tag) => ({ value: tag, label: describe(tag) })),
  ];
}
