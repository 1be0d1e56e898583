declare module '@mozilla/readability/Readability-readerable.js' {
  /** Readability's cheap pre-check, without the Readability parser itself. */
  const isProbablyReaderable: typeof import('@mozilla/readability').isProbablyReaderable;
  export default isProbablyReaderable;
}
