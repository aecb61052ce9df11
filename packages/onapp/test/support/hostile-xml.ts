/** Hostile and broken XML documents, for the decoder's tests and the transport's. */

/** Nine levels of entities expanding to a billion `lol`s, if anything expanded them. */
export const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<virtual_machine><label>&lol9;</label></virtual_machine>`;

/** Documents no decoder may accept, by what is wrong with them. */
export const HOSTILE_DOCUMENTS: Record<string, string> = {
  'billion laughs': BILLION_LAUGHS,
  'external entity (XXE)': '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x><a>&xxe;</a></x>',
  'parameter entity': '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]><x/>',
  'bare DOCTYPE': '<!DOCTYPE virtual_machine><virtual_machine><id type="integer">1</id></virtual_machine>',
  'DOCTYPE after a comment': '<!-- hi --><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
  'truncated list':
    '<virtual_machines type="array"><virtual_machine><id type="integer">1</id></virtual_machine><virtual_machine><id type="inte',
  'unterminated comment': '<x><!-- never closed </x>',
  'unterminated CDATA': '<x><![CDATA[ never closed </x>',
  'two roots': '<a/><b/>',
  'mis-nested': '<a><b>1</a></b>',
  'HTML page': '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>',
  'text only': 'Internal Server Error',
};
