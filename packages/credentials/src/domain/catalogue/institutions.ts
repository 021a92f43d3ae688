// SPDX-License-Identifier: Apache-2.0
// Universities and schools that issue student IDs, as exchange members (Korean institution codes,
// Estonian registry codes). Row: key, member code, English, Korean, Estonian.
import type { AgencyRow } from './agencies.ts';

export const KR_UNIVERSITIES: readonly AgencyRow[] = [
  ['snu', '1342131', 'Seoul National University', '서울대학교', 'Souli Rahvusülikool'],
  ['knu', '1342100', 'Kyungpook National University', '경북대학교', 'Kyungpooki Rahvusülikool'],
  ['pnu', '1342101', 'Pusan National University', '부산대학교', 'Pusani Rahvusülikool'],
  ['jnu', '1342102', 'Chonnam National University', '전남대학교', 'Chonnami Rahvusülikool'],
  ['cnu', '1342103', 'Chungnam National University', '충남대학교', 'Chungnami Rahvusülikool'],
  ['cbnu', '1342104', 'Chungbuk National University', '충북대학교', 'Chungbuki Rahvusülikool'],
  ['jbnu', '1342105', 'Jeonbuk National University', '전북대학교', 'Jeonbuki Rahvusülikool'],
  ['kangwon', '1342106', 'Kangwon National University', '강원대학교', 'Kangwoni Rahvusülikool'],
  ['gnu', '1342107', 'Gyeongsang National University', '경상국립대학교', 'Gyeongsangi Rahvusülikool'],
  ['jejunu', '1342108', 'Jeju National University', '제주대학교', 'Jeju Rahvusülikool'],
  ['kaist', '1721301', 'Korea Advanced Institute of Science and Technology', '한국과학기술원', 'Korea Kõrgtehnoloogia Instituut'],
  ['unist', '1721302', 'Ulsan National Institute of Science and Technology', '울산과학기술원', 'Ulsani Teaduse ja Tehnoloogia Instituut'],
  ['gist', '1721303', 'Gwangju Institute of Science and Technology', '광주과학기술원', 'Gwangju Teaduse ja Tehnoloogia Instituut'],
  ['dgist', '1721304', 'Daegu Gyeongbuk Institute of Science and Technology', '대구경북과학기술원', 'Daegu-Gyeongbuki Teaduse ja Tehnoloogia Instituut'],
  ['knue', '1342109', 'Korea National University of Education', '한국교원대학교', 'Korea Rahvuslik Haridusülikool'],
  ['snue', '1342110', 'Seoul National University of Education', '서울교육대학교', 'Souli Rahvuslik Haridusülikool'],
  ['knou', '1342111', 'Korea National Open University', '한국방송통신대학교', 'Korea Rahvuslik Avatud Ülikool'],
  ['seoultech', '1342112', 'Seoul National University of Science and Technology', '서울과학기술대학교', 'Souli Teaduse ja Tehnoloogia Ülikool'],
  ['pknu', '1342113', 'Pukyong National University', '국립부경대학교', 'Pukyongi Rahvusülikool'],
  ['kmou', '1342114', 'Korea Maritime and Ocean University', '국립한국해양대학교', 'Korea Mere- ja Ookeaniülikool'],
  ['kongju', '1342115', 'Kongju National University', '국립공주대학교', 'Kongju Rahvusülikool'],
  ['mokpo', '1342116', 'Mokpo National University', '국립목포대학교', 'Mokpo Rahvusülikool'],
  ['andong', '1342117', 'Andong National University', '국립안동대학교', 'Andongi Rahvusülikool'],
  ['changwon', '1342118', 'Changwon National University', '국립창원대학교', 'Changwoni Rahvusülikool'],
  ['kumoh', '1342119', 'Kumoh National Institute of Technology', '국립금오공과대학교', 'Kumohi Tehnoloogiainstituut'],
];

export const EE_UNIVERSITIES: readonly AgencyRow[] = [
  ['ut', '74001073', 'University of Tartu', '타르투 대학교', 'Tartu Ülikool'],
  ['taltech', '74000323', 'Tallinn University of Technology', '탈린 공과대학교', 'Tallinna Tehnikaülikool'],
  ['tlu', '74000122', 'Tallinn University', '탈린 대학교', 'Tallinna Ülikool'],
  ['emu', '74001086', 'Estonian University of Life Sciences', '에스토니아 생명과학대학교', 'Eesti Maaülikool'],
  ['eka', '74000116', 'Estonian Academy of Arts', '에스토니아 예술원', 'Eesti Kunstiakadeemia'],
  ['emta-music', '74000061', 'Estonian Academy of Music and Theatre', '에스토니아 음악연극원', 'Eesti Muusika- ja Teatriakadeemia'],
  ['ebs', '90000841', 'Estonian Business School', '에스토니아 경영대학', 'Estonian Business School'],
  ['eava', '70003980', 'Estonian Aviation Academy', '에스토니아 항공아카데미', 'Eesti Lennuakadeemia'],
  ['sisekaitse', '70008641', 'Estonian Academy of Security Sciences', '에스토니아 안보과학아카데미', 'Sisekaitseakadeemia'],
  ['ttk', '70003866', 'TTK University of Applied Sciences', 'TTK 응용과학대학교', 'TTK Tehnikakõrgkool'],
  ['thk', '70003955', 'Tallinn Health Care College', '탈린 보건대학', 'Tallinna Tervishoiu Kõrgkool'],
  ['tartu-thk', '70003949', 'Tartu Health Care College', '타르투 보건대학', 'Tartu Tervishoiu Kõrgkool'],
  ['harno-pupil', '70011882', 'Basic school and upper secondary pupils (Education and Youth Board)', '에스토니아 초중등 학생 (교육청소년청)', 'Põhikooli ja gümnaasiumi õpilased (Haridus- ja Noorteamet)'],
];
