// A light gazetteer: enough well-known places, organisations, titles and demonyms to classify capitalised
// names in news text without a statistical model. Lowercase keys.

const list = (s: string): Set<string> =>
  new Set(
    s
      .split('|')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  );

export const PLACES = list(
  // countries and territories
  'Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|' +
    'Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|' +
    'Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|' +
    'Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|' +
    'Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Greenland|Guatemala|Guinea|' +
    'Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|' +
    'Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|' +
    'Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|' +
    'Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nepal|Netherlands|Holland|' +
    'New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|Pakistan|Palestine|Panama|' +
    'Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|' +
    'Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka|' +
    'Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tunisia|Turkey|Turkmenistan|' +
    'Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|' +
    'Northern Ireland|United States|US|U.S.|USA|U.S.A.|America|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|' +
    'Zimbabwe|Korea|Gaza|Gaza Strip|West Bank|Crimea|Donbas|Donbass|Kashmir|Tibet|Hong Kong|Macau|Puerto Rico|' +
    'Chechnya|Kurdistan|Catalonia|Bavaria|Siberia|Sicily|Sardinia|Corsica|Bali|Java|Sumatra|Borneo|Hawaii|' +
    // continents and regions
    'Europe|Asia|Africa|North America|South America|Latin America|Central America|Middle East|Near East|Far East|' +
    'Balkans|Caribbean|Scandinavia|Antarctica|Arctic|Oceania|Eurasia|Baltic|Caucasus|Sahel|Pacific|Atlantic|' +
    'Mediterranean|Black Sea|Red Sea|Baltic Sea|South China Sea|Persian Gulf|Gulf|Indian Ocean|' +
    // US states
    'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Idaho|Illinois|Indiana|' +
    'Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|' +
    'Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|' +
    'Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|' +
    'Washington|West Virginia|Wisconsin|Wyoming|' +
    // cities
    'Moscow|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Mariupol|Lviv|Minsk|St Petersburg|St. Petersburg|London|Paris|Berlin|' +
    'Rome|Madrid|Barcelona|Lisbon|Brussels|Amsterdam|The Hague|Vienna|Geneva|Zurich|Bern|Prague|Warsaw|Budapest|' +
    'Bucharest|Sofia|Athens|Istanbul|Ankara|Belgrade|Zagreb|Stockholm|Oslo|Copenhagen|Helsinki|Dublin|Edinburgh|' +
    'Manchester|Liverpool|Birmingham|Glasgow|Milan|Naples|Venice|Florence|Turin|Munich|Frankfurt|Hamburg|Cologne|' +
    'Lyon|Marseille|Strasbourg|Tbilisi|Yerevan|Baku|Tehran|Baghdad|Damascus|Beirut|Jerusalem|Tel Aviv|Amman|' +
    'Riyadh|Jeddah|Mecca|Doha|Dubai|Abu Dhabi|Cairo|Tripoli|Tunis|Algiers|Rabat|Casablanca|Khartoum|Addis Ababa|' +
    'Nairobi|Lagos|Abuja|Accra|Dakar|Kinshasa|Johannesburg|Cape Town|Pretoria|Harare|Luanda|Kabul|Islamabad|' +
    'Karachi|Lahore|New Delhi|Delhi|Mumbai|Kolkata|Chennai|Bangalore|Bengaluru|Hyderabad|Dhaka|Colombo|Kathmandu|' +
    'Beijing|Shanghai|Shenzhen|Guangzhou|Wuhan|Taipei|Tokyo|Osaka|Kyoto|Seoul|Pyongyang|Bangkok|Hanoi|' +
    'Ho Chi Minh City|Manila|Jakarta|Kuala Lumpur|Sydney|Melbourne|Brisbane|Perth|Canberra|Auckland|Wellington|' +
    'Ottawa|Toronto|Montreal|Vancouver|Mexico City|Havana|Caracas|Bogota|Lima|Santiago|Buenos Aires|Sao Paulo|' +
    'São Paulo|Rio de Janeiro|Brasilia|Washington D.C.|Washington DC|New York City|Los Angeles|San Francisco|' +
    'Chicago|Houston|Dallas|Boston|Philadelphia|Miami|Atlanta|Seattle|Detroit|Denver|Phoenix|Las Vegas|' +
    'San Diego|Austin|Baltimore|Pittsburgh|Cleveland|Minneapolis|New Orleans|Brooklyn|Manhattan|Silicon Valley|' +
    'Anchorage|Honolulu|Sacramento|Portland|Nashville|Orlando|Tampa|Fort Worth|Salt Lake City|Kansas City|' +
    'St. Louis|Cincinnati|Milwaukee|Buffalo|Newark|Jersey City|Oakland|San Jose|Charlotte|Raleigh|Richmond|' +
    'Belfast|Cardiff|Leeds|Bristol|Oxford|Cambridge|Luxembourg City|Monte Carlo|Sevastopol|Donetsk|Luhansk|' +
    'Bakhmut|Kherson|Zaporizhzhia|Dnipro|Ramallah|Hebron|Rafah|Aleppo|Idlib|Mosul|Basra|Kandahar|Herat|Sochi|' +
    'Vladivostok|Novosibirsk|Yekaterinburg|Kazan|Kaliningrad|Davos|Strasbourg|Sarajevo|Skopje|Tirana|Chisinau|' +
    'Vilnius|Riga|Tallinn|Bratislava|Ljubljana|Reykjavik|Valletta|Nicosia|Singapore|Macao|Wambo|Houston',
);

export const ORGANIZATIONS = list(
  'TASS|RIA Novosti|Interfax|Reuters|AP|Associated Press|AFP|Agence France-Presse|Bloomberg|BBC|CNN|CNBC|NBC|' +
    'ABC|CBS|Fox News|NPR|PBS|Al Jazeera|Xinhua|Kyodo|Yonhap|DPA|ANSA|EFE|Sky News|The Guardian|Guardian|' +
    'The New York Times|New York Times|The Washington Post|Washington Post|Wall Street Journal|The Wall Street Journal|' +
    'Financial Times|The Times|The Economist|Politico|Axios|Le Monde|Der Spiegel|Spiegel|Corriere della Sera|' +
    'La Repubblica|El País|El Pais|Bild|Izvestia|Kommersant|Pravda|RT|Sputnik|Times of India|' +
    'NATO|EU|European Union|UN|U.N.|United Nations|UNESCO|UNICEF|WHO|World Health Organization|WTO|IMF|' +
    'International Monetary Fund|World Bank|OPEC|OECD|G7|G20|BRICS|ASEAN|African Union|Arab League|OSCE|' +
    'European Commission|European Parliament|European Central Bank|ECB|Federal Reserve|Fed|Kremlin|White House|' +
    'Pentagon|State Department|Congress|Senate|House of Representatives|Supreme Court|FBI|CIA|NSA|DOJ|' +
    'Justice Department|Department of Justice|Homeland Security|NASA|SEC|FDA|CDC|EPA|IRS|Downing Street|' +
    'Bundestag|Duma|State Duma|Knesset|Parliament|Hamas|Hezbollah|Taliban|Islamic State|ISIS|ISIL|Al Qaeda|' +
    'al-Qaeda|Red Cross|ICRC|Amnesty International|Human Rights Watch|Greenpeace|Apple|Google|Microsoft|Amazon|' +
    'Meta|Facebook|Twitter|Tesla|SpaceX|OpenAI|Nvidia|Intel|Samsung|Sony|Toyota|Volkswagen|Boeing|Airbus|' +
    'Gazprom|Rosneft|Yukos|Deutsche Bank|Goldman Sachs|JPMorgan|Citigroup|Nexstar|Tegna|Netflix|Disney|Uber|' +
    'Democratic Party|Republican Party|Democrats|Republicans|Labour|Conservative Party|Tories|GOP|MMA|KSE|IAEA|ICC',
);

/** Words that precede a person's name as a title or role; stripped from the name. */
export const PERSON_TITLES = list(
  'President|Vice|Prime|Minister|Foreign|Defense|Defence|Finance|Interior|Secretary|of|State|General|Attorney|' +
    'Chancellor|King|Queen|Prince|Princess|Pope|Emperor|Senator|Sen.|Sen|Rep.|Rep|Representative|Congressman|' +
    'Congresswoman|Governor|Gov.|Gov|Mayor|Gen.|Lt.|Col.|Maj.|Capt.|Captain|Commander|Admiral|Sgt.|Dr.|Dr|Mr.|Mr|' +
    'Mrs.|Mrs|Ms.|Ms|Miss|Sir|Dame|Lord|Lady|Chief|Executive|CEO|Chairman|Chairwoman|Chair|Director|Judge|Justice|' +
    'Ambassador|Envoy|Spokesman|Spokeswoman|Spokesperson|Deputy|Premier|Sheikh|Rev.|Reverend|Father|Archbishop|' +
    'Bishop|Cardinal|Speaker|Leader|Opposition|Former|Ex|Late|First|Lady|Crown|Economy|Trade|Health|Energy|' +
    'Treasury|Commerce|Homeland|Security|Labor|Labour|Education|Justice|Culture|Transport|Agriculture|' +
    'Environment|Home|Office|Supreme|Leader|Special|Adviser|Advisor|National|Coach|Manager|Professor|Prof.|' +
    'Lt|Col|Sgt|Cpl|Gen|Adm|Maj|Capt|Supt|Insp|Officer|Inspector|Detective|Sergeant|Colonel|Major|Lieutenant|Private|Corporal|Marshal|Field|Senior|' +
    'Assistant|Associate|Founder|Co-founder|Head|Boss|Pastor|Imam|Rabbi|Ayatollah|Chairperson|Comptroller|' +
    'Auditor|Prosecutor|Counsel|Solicitor|Barrister|Attorney-General|Commissioner|Minister-President|' +
    'Vice-President|Vice President|Acting|Interim|Elect|President-elect|Presidential|Candidate|Hon.|Honourable',
);

/** Titles that by themselves prove the following name is a person. */
export const STRONG_PERSON_TITLES = list(
  'President|Minister|Secretary|Chancellor|King|Queen|Prince|Princess|Pope|Senator|Sen.|Sen|Rep.|Rep|' +
    'Representative|Congressman|Congresswoman|Governor|Gov.|Gov|Mayor|Gen.|General|Lt.|Col.|Capt.|Captain|' +
    'Commander|Admiral|Dr.|Dr|Mr.|Mr|Mrs.|Mrs|Ms.|Ms|Miss|Sir|Dame|Lord|Lady|Chairman|Chairwoman|Director|Judge|' +
    'Justice|Ambassador|Envoy|Spokesman|Spokeswoman|Spokesperson|Premier|Sheikh|Rev.|Reverend|Father|' +
    'Archbishop|Bishop|Cardinal|Speaker|Leader|CEO|Coach|Professor|Prof.|Prosecutor|Commissioner|Detective|' +
    'Lt|Col|Sgt|Gen|Adm|Maj|Capt|Sergeant|Colonel|Lieutenant|Ayatollah|Imam|Rabbi|Pastor|Founder|Chief',
);

export const DEMONYMS = list(
  'American|Russian|Ukrainian|European|British|English|French|German|Italian|Spanish|Portuguese|Dutch|Belgian|' +
    'Swiss|Austrian|Polish|Czech|Hungarian|Romanian|Bulgarian|Greek|Turkish|Swedish|Norwegian|Danish|Finnish|' +
    'Irish|Scottish|Welsh|Chinese|Japanese|Korean|Indian|Pakistani|Afghan|Iranian|Iraqi|Syrian|Israeli|' +
    'Palestinian|Lebanese|Saudi|Egyptian|Libyan|Tunisian|Moroccan|Algerian|Nigerian|Kenyan|Ethiopian|' +
    'South African|Australian|Canadian|Mexican|Brazilian|Argentine|Argentinian|Chilean|Colombian|Venezuelan|' +
    'Cuban|Belarusian|Georgian|Armenian|Azerbaijani|Kazakh|Uzbek|Mongolian|Vietnamese|Thai|Indonesian|Malaysian|' +
    'Filipino|Taiwanese|Western|Eastern|Northern|Southern|Arab|Asian|African|Latin|Soviet|Kremlin|U.S.|US|UK|' +
    'EU|Gulf|Nordic|Baltic|Balkan|Slovak|Serbian|Croatian|Bosnian|Albanian|Qatari|Emirati|Jordanian|Yemeni|' +
    'Sudanese|Somali|Ugandan|Ghanaian|Angolan|Zimbabwean|Kurdish|Jewish|Muslim|Christian|Catholic|Sunni|Shia|Shiite',
);

/** Final words of organisation names. */
export const ORG_SUFFIXES = list(
  'Department|Ministry|Agency|Union|Council|Party|Committee|Institute|University|College|School|Bank|Corp|' +
    'Corp.|Corporation|Inc|Inc.|Ltd|Ltd.|LLC|PLC|plc|AG|SA|GmbH|Group|Company|Co.|Association|Organization|' +
    'Organisation|Commission|Court|Parliament|Congress|Senate|Assembly|Foundation|Fund|Office|Service|Services|' +
    'Times|Post|Journal|News|Herald|Tribune|Gazette|Telegraph|Magazine|Press|Airlines|Airways|Motors|Police|Army|' +
    'Navy|Force|Forces|Guard|League|Club|FC|Federation|Board|Network|Administration|Authority|Bureau|Centre|' +
    'Center|Society|Alliance|Coalition|Movement|Front|Brigade|Industries|Holdings|Partners|Capital|Securities|' +
    'Exchange|Media|Studios|Records|Pictures|Entertainment|Technologies|Systems|Labs|Laboratories|Hospital|Clinic|' +
    'Church|Trust|Institution|Academy|Museum|Agency|Directorate|Cabinet|Government|Secretariat|Ministries|Times|' +
    'Broadcasting|Channel|TV|Radio|Daily|Weekly|Review|Observer|Independent|Mail|Express|Mirror|Standard|Sun',
);

/** Capitalised words that start sentences or headlines but are not names. */
export const COMMON_CAPITALISED = list(
  'The|A|An|In|On|At|To|For|From|With|By|Of|As|And|But|Or|Nor|So|Yet|If|When|While|Whilst|Although|Though|' +
    'Because|Since|After|Before|During|Until|Unless|Meanwhile|However|Moreover|Furthermore|Also|Still|Then|' +
    'Thus|Indeed|Instead|Yes|No|Not|Now|Here|There|This|That|These|Those|It|Its|He|She|They|We|I|You|His|Her|' +
    'Their|Our|Your|My|Me|Him|Them|Us|Who|What|Which|Where|Why|How|Some|Many|Most|More|Much|Few|Several|All|Any|' +
    'Each|Every|Both|Either|Neither|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Other|Another|Such|Last|' +
    'Next|New|Old|First|Second|Third|Recently|Later|Earlier|Today|Yesterday|Tomorrow|Tonight|Asked|Speaking|' +
    'According|Despite|Amid|Among|Under|Over|Above|Below|Without|Within|Across|Against|Between|Through|About|' +
    'Around|Like|Unlike|Once|Just|Only|Even|Already|Perhaps|Maybe|Overall|Finally|Initially|Separately|' +
    'Additionally|Elsewhere|Nevertheless|Nonetheless|Otherwise|Similarly|Likewise|Mr|Mrs|Ms|Dr|Sir|Read|Click|' +
    'Photo|Image|Video|Watch|Please|Share|Follow|Subscribe|Sign|Advertisement|Updated|Published|Posted|Do|Does|Did|' +
    'Is|Are|Was|Were|Be|Been|Has|Have|Had|Will|Would|Can|Could|Should|May|Might|Must|Shall|Let|Get|Got|Make|' +
    'Made|Take|Took|See|Saw|Say|Said|Says|Tell|Told|Thanks|Thank|Well|Oh|Ok|Okay|Hi|Hello|Dear|Every|Whether|' +
    'Almost|Nearly|About|Approximately|Some|Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|January|' +
    'February|March|April|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|' +
    'Sep|Sept|Oct|Nov|Dec|Christmas|Easter|Ramadan|Internet|God|Lord|AM|PM|GMT|UTC|EST|EDT|PST|BST|CET|TV|' +
    'OK|CEO|CFO|COO|GDP|AI|PC|IT|HR|PR|DNA|COVID|Covid|COVID-19|PDF|FAQ|USD|EUR|GBP|ETF|IPO|LLC|NFL|NBA|CLICK|' +
    'FOR|FULL|THE|AND|OF|TO|IN|A|NEW|BREAKING|UPDATE|NEWS|LIVE|WATCH|READ|MORE|SEE|ALSO|VIDEO|PHOTOS|EXCLUSIVE',
);

/** Lowercase words allowed inside a multi-word name ("Corriere della Sera", "Bank of England"). */
export const NAME_CONNECTORS = list(
  'of|de|della|del|di|da|dos|das|du|des|van|von|der|den|la|le|al|bin|ibn|el|y|&',
);
/** Connectors that do not occur inside personal names. */
export const ORG_CONNECTORS = list('of|della|&');
