// Korean news stories for the demo and end-to-end site. Written for this project (fiction in the
// style of Korean wire copy): names, numbers and events are made up.

export const ARTICLES = [
  {
    id: 47321,
    oid: '028',
    aid: '0002730000',
    outlet: '한빛일보',
    reporter: '김하늘',
    place: '도쿄',
    role: '특파원',
    email: 'haneul@hanbit.example',
    title: '한·일 정상, 생성형 인공지능 공동 연구 합의할 듯',
    published: '2025-02-05 14:32:00',
    paragraphs: [
      '다음 주 열리는 한·일 정상회담에서 생성형 인공지능(AI) 공동 연구개발이 주요 의제로 오를 것으로 보인다. 두 나라 정부는 최근 해외 인공지능 기업들의 급성장에 대응하기 위해 연구 인력 교류와 데이터 공유 방안을 함께 검토하고 있는 것으로 알려졌다.',
      '일본 정부 관계자는 4일 “두 정상이 인공지능 안전성 평가 기준을 함께 만들고, 대학과 기업의 공동 연구에 예산을 지원하는 방안을 논의하는 방향으로 조율하고 있다”고 말했다. 이 관계자는 “반도체와 인공지능은 따로 떼어 생각할 수 없는 분야”라며 협력 범위가 반도체 공급망까지 넓어질 수 있다고 덧붙였다.',
      '업계에서는 이번 합의가 실제 투자로 이어질지 주목하고 있다. 한 국내 인공지능 스타트업 대표는 “공동 연구 발표는 여러 번 있었지만 실제 연구비가 집행된 경우는 드물었다”며 “구체적인 예산과 일정이 나와야 의미가 있다”고 말했다.',
      '정부는 정상회담 직후 관계 부처 합동으로 후속 대책을 발표할 계획이다. 과학기술정보통신부는 올해 안에 공동 연구 과제 20개를 선정하고, 과제당 최대 30억원을 지원하는 방안을 검토 중이다.',
    ],
  },
  {
    id: 47320,
    oid: '001',
    aid: '0015190001',
    outlet: '새날뉴스',
    reporter: '박서준',
    place: '서울',
    role: '기자',
    email: 'seojun@saenal.example',
    title: '‘북극 한파’ 내일 영하 18도… 호남·제주 폭설 대비해야',
    published: '2025-02-05 09:15:00',
    paragraphs: [
      '(서울=새날뉴스) 박서준 기자 = 목요일인 6일 전국에 북극발 한파가 몰아치면서 아침 최저기온이 영하 18도까지 떨어질 전망이다. 기상청은 5일 오후 9시를 기해 경기 북부와 강원 내륙에 한파경보를 내렸다.',
      '호남과 제주에는 많은 눈이 예보됐다. 전북 서해안과 제주 산지에는 6일까지 최대 30㎝ 이상의 눈이 쌓일 것으로 보인다. 기상청은 “눈이 그친 뒤에도 도로가 얼어 미끄러운 곳이 많겠다”며 출근길 교통안전에 유의해 달라고 당부했다.',
      '한파는 주말까지 이어질 것으로 예상된다. 수도관 동파와 한랭질환에 대비해 노약자는 외출을 자제하고, 실내 온도를 적정하게 유지하는 것이 좋다고 기상청은 설명했다.',
    ],
  },
  {
    id: 47319,
    oid: '023',
    aid: '0003870002',
    outlet: '푸른경제',
    reporter: '이도윤',
    place: null,
    role: '기자',
    email: 'doyoon@pureun.example',
    title: '반도체 수출 석 달 연속 증가… “딥시크 효과는 아직 미지수”',
    published: '2025-02-05 08:15:00',
    paragraphs: [
      '지난달 반도체 수출이 석 달 연속 늘었다. 산업통상자원부가 1일 발표한 수출입 동향에 따르면 1월 반도체 수출액은 101억달러로 지난해 같은 달보다 8.2% 증가했다.',
      '고대역폭 메모리(HBM) 등 인공지능용 고부가가치 제품의 수요가 꾸준히 늘어난 것이 수출 증가를 이끌었다. 다만 중국 인공지능 기업 딥시크가 적은 비용으로 고성능 모델을 만들었다고 밝히면서, 고성능 반도체 수요가 줄어들 수 있다는 우려도 나온다.',
      '업계 관계자는 “딥시크의 등장이 오히려 인공지능 서비스 확산을 앞당겨 전체 반도체 수요를 늘릴 수도 있다”며 “딥시크가 시장에 미칠 영향은 몇 달 더 지켜봐야 한다”고 말했다.',
      '정부는 반도체 업계의 설비 투자를 돕기 위해 세액 공제율을 높이는 방안을 국회와 협의하고 있다.',
    ],
  },
];

/** Stories on the newspaper site (pages.mjs newspaperArticle). The first is a short brief. */
export const NEWSPAPER = [
  {
    id: 20417,
    outlet: '한강일보',
    reporter: '이도윤',
    role: '기자',
    email: 'doyun@hangang.example',
    title: '[속보] 서울 지하철 2호선 신호 장애 복구…운행 재개',
    published: '2025-02-05 08:15:00',
    paragraphs: [
      '5일 오전 7시 40분쯤 발생한 서울 지하철 2호선 신호 장애가 35분 만에 복구돼 열차 운행이 재개됐다.',
      '서울교통공사는 “출근 시간대 불편을 드려 죄송하다”며 정확한 원인을 조사하고 있다고 밝혔다. 공사는 당분간 일부 열차의 배차 간격이 길어질 수 있다고 안내했다.',
    ],
  },
];

/** Board rows that are only listed (their post pages exist too, with short text). */
export const LISTED = [
  {
    id: 47318,
    title: '[속보] 국회 본회의, 추가경정예산안 통과',
    comments: 3,
    author: { name: '여의도통신', member: 2001 },
  },
  { id: 47317, title: '서울 지하철 요금 150원 인상 확정', comments: 0, author: { name: '출근길', member: 2002 } },
  {
    id: 47316,
    title: '[단독] 지방 도서관 절반 “사서 없이 운영”',
    comments: 12,
    author: { name: 'ㅇㅇ', ip: '121.130' },
  },
  {
    id: 47315,
    title: '“집값 바닥 지났다”… 수도권 아파트 거래 넉 달 만에 증가',
    comments: 5,
    author: { name: '여의도통신', member: 2001 },
  },
  { id: 47314, title: '프로야구 개막 앞두고 입장권 가격 올라', comments: 0, author: { name: 'ㅇㅇ', ip: '211.36' } },
  {
    id: 47313,
    title: '[속보] 국회 본회의, 추가경정예산안 통과',
    comments: 1,
    author: { name: '출근길', member: 2003 },
  },
  {
    id: 47312,
    title: '의대 정원 조정안 발표 연기… “의견 수렴 더 필요”',
    comments: 8,
    author: { name: '바른말', member: 2004 },
  },
];

/** The site's second board (자유게시판): its own posts, some by authors of the news board. */
export const FREE = [
  { id: 9003, title: '오늘 국회 앞 집회 다녀왔습니다', comments: 4, author: { name: '여의도통신', member: 2001 } },
  { id: 9002, title: '지하철 요금 오르면 버스로 갈아탈까요', comments: 2, author: { name: '출근길', member: 2002 } },
  { id: 9001, title: '[광고] 최저가 항공권 안내', comments: 0, author: { name: '여행사', member: 2099 } },
];
