// The stopword package ships no types: each export is one language's list, named by its ISO 639-3 code.
declare module 'stopword' {
  type List = readonly string[];
  export const eng: List, fra: List, spa: List, deu: List, ita: List, por: List, nld: List, swe: List, tur: List;
  export const ind: List, ara: List, rus: List, ell: List, heb: List, hin: List;
}
