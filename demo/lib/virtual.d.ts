declare module 'virtual:demo-pages' {
  const pages: { file: string; title: string; lang: string }[];
  export default pages;
}
