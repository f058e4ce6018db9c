declare module 'virtual:demo-pages' {
  const pages: { file: string; title: string }[];
  export default pages;
}
