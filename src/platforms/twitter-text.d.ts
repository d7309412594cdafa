// twitter-text ships no types; only what socialcal uses is declared.
declare module 'twitter-text' {
  interface TwitterTextConfig {
    version: number;
    maxWeightedTweetLength: number;
    scale: number;
    defaultWeight: number;
    transformedURLLength: number;
    emojiParsingEnabled?: boolean;
    ranges: { start: number; end: number; weight: number }[];
  }
  interface ParsedTweet {
    weightedLength: number;
    valid: boolean;
    permillage: number;
    validRangeStart: number;
    validRangeEnd: number;
    displayRangeStart: number;
    displayRangeEnd: number;
  }
  interface UrlEntity {
    url: string;
    indices: [number, number];
  }
  const twitter: {
    parseTweet(text: string, config?: TwitterTextConfig): ParsedTweet;
    extractUrlsWithIndices(text: string, options?: { extractUrlsWithoutProtocol?: boolean }): UrlEntity[];
    configs: { defaults: TwitterTextConfig };
    /** The library's own patterns; Mastodon's counting builds its URL pattern from them. */
    regexen: {
      validDomain: RegExp;
      validUrlPrecedingChars: RegExp;
      validPortNumber: RegExp;
      validUrlBalancedParens: RegExp;
      validTcoUrl: RegExp;
      invalidChars: RegExp;
      atSigns: RegExp;
      endMentionMatch: RegExp;
    };
  };
  export default twitter;
}
