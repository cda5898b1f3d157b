"""The written clinical register and the layperson's indirect description.

Emergencies are told two ways that the everyday-speech rules can miss: as a medical
record or by a health worker (患者女，62岁，突发右眼无痛性视力下降; 呼之不应; 端坐呼吸;
呕吐咖啡样物), and by a layperson who describes the sign instead of naming it (人叫不醒;
躺不下只能坐着; 大便像柏油; 吐得像喷出来).  Records also carry their own negations and
history (否认胸痛, 无呕血黑便, 既往脑梗病史，现无不适, 复查, 随访) that must not flag.

Written from the emergency references (CN-ETS 急诊预检分诊专家共识, MTS discriminators,
ESI, the guideline of each category in intents/eval/categories.yml).  The first two
batches were written before any rule was changed, the third after the first measurement
and before the rules it needed, the fourth and fifth while changing them.  On main
(801600a) the whole table read 242 of 294 emergencies and flagged 12 of 118 look-alikes.
"""

import pytest

import intents

# (category, text): R = record / health-worker register, L = lay indirect description
EMERGENCIES: list[tuple[str, str]] = [
    # --- cardiac chest pain
    ("cardiac_chest_pain", "患者男，58岁，胸骨后压榨样疼痛40分钟，伴大汗，含服硝酸甘油无缓解"),
    ("cardiac_chest_pain", "心前区闷痛向左肩背部放射，伴出汗、恶心，持续不缓解"),
    ("cardiac_chest_pain", "我爸胸口像有块大石头压着，一直冒汗，半个小时了还没好"),
    # --- aortic dissection
    ("aortic_dissection", "突发胸背部撕裂样剧痛，双上肢血压不对称，既往高血压病史"),
    ("aortic_dissection", "后背两个肩胛骨中间突然像被刀劈开一样疼，疼得往下走到肚子"),
    # --- pulmonary embolism
    ("pulmonary_embolism", "术后第5天下床活动时突发呼吸困难、胸痛，伴咯血"),
    ("pulmonary_embolism", "做完膝盖手术在床上躺了两周，今天突然喘不上气，胸口疼"),
    # --- stroke
    ("stroke", "患者女，72岁，晨起发现右侧肢体无力，言语不清，口角向左歪斜"),
    ("stroke", "突发左侧肢体肌力下降，伴言语含糊1小时"),
    ("stroke", "突发失语，右侧偏瘫"),
    ("stroke", "突发左侧肢体麻木无力2小时"),
    ("stroke", "我妈吃饭时筷子老掉，右手拿不住东西，说话也含含糊糊的"),
    ("stroke", "我爸半边身子不听使唤，说话舌头转不过来"),
    # --- sudden vision loss
    ("sudden_vision_loss", "患者女，62岁，2小时前突发右眼无痛性视力下降"),
    ("sudden_vision_loss", "左眼突发视物不见1小时"),
    ("sudden_vision_loss", "突发右眼睑下垂伴复视"),
    ("sudden_vision_loss", "右眼突然像被拉上了一道黑帘子，下半边看不见了"),
    # --- sudden imbalance
    ("sudden_imbalance", "突发眩晕伴行走不稳，复视，恶心呕吐"),
    ("sudden_imbalance", "突然天旋地转，走路往一边倒，看东西重影"),
    # --- thunderclap headache
    ("thunderclap_headache", "用力排便时突发剧烈头痛，伴喷射性呕吐"),
    ("thunderclap_headache", "突发爆裂样头痛，为平生最剧烈，伴颈项强直"),
    ("thunderclap_headache", "头突然像被人用锤子砸了一下，疼得抱着头吐了"),
    # --- severe breathlessness
    ("severe_breathlessness", "哮喘患者，使用沙丁胺醇气雾剂3次仍无缓解，端坐呼吸"),
    ("severe_breathlessness", "呼吸困难，口唇发绀，血氧饱和度85%"),
    ("severe_breathlessness", "患儿呼吸急促，可见三凹征，鼻翼扇动"),
    ("severe_breathlessness", "指脉氧86%，端坐呼吸"),
    ("severe_breathlessness", "喘得说不了整句话，一句话要分好几口气说"),
    ("severe_breathlessness", "晚上躺不下，只能坐着喘气，嘴唇发紫"),
    # --- airway obstruction
    ("airway_obstruction", "进食时突发呛咳，随即不能发声，面色青紫"),
    ("airway_obstruction", "孩子吃花生呛到了，咳不出来，脸憋得发紫"),
    # --- anaphylaxis
    ("anaphylaxis", "静滴头孢后出现全身皮疹、喉头发紧、呼吸困难"),
    ("anaphylaxis", "注射青霉素后出现胸闷、血压下降、四肢湿冷"),
    ("anaphylaxis", "吃了虾以后嘴唇肿得老高，嗓子眼像被堵住了，喘气费劲"),
    # --- haematemesis
    ("haematemesis", "呕吐咖啡样物3次，量约300ml"),
    ("haematemesis", "肝硬化病史，今日呕鲜血约500ml"),
    ("haematemesis", "吐出来的东西像咖啡渣一样，黑乎乎的"),
    # --- melaena
    ("melaena", "解柏油样便2次，伴头晕、乏力"),
    ("melaena", "黑便3天，今晨起立时晕厥"),
    ("melaena", "大便黑得发亮像沥青一样，人站起来就眼前发黑"),
    # --- haemoptysis
    ("haemoptysis", "咯鲜红色血约200ml"),
    ("haemoptysis", "一咳嗽就满口的血，吐了小半碗"),
    # --- heavy vaginal bleeding
    ("heavy_vaginal_bleeding", "阴道大量出血，伴血块，1小时浸透卫生巾2片，头晕"),
    ("heavy_vaginal_bleeding", "下面出血像来水一样，裤子都湿透了，头晕站不住"),
    # --- uncontrolled bleeding
    ("uncontrolled_bleeding", "左前臂切割伤，伤口活动性出血，压迫止血无效"),
    ("uncontrolled_bleeding", "手被玻璃划了个大口子，拿毛巾按着血还是往外冒"),
    # --- unconsciousness
    ("unconsciousness", "患者意识障碍2小时，呼之不应"),
    ("unconsciousness", "突发意识丧失，四肢湿冷"),
    ("unconsciousness", "患者昏迷，GCS评分6分"),
    ("unconsciousness", "我爸早上怎么叫都不醒，掐人中也没反应"),
    ("unconsciousness", "老人突然问话不答，眼睛半睁着，人叫不醒"),
    ("unconsciousness", "血压测不出，四肢湿冷，神志淡漠"),
    # --- seizure
    ("seizure", "癫痫病史，今日连续发作3次，发作间期意识未恢复"),
    ("seizure", "四肢强直阵挛发作，持续10分钟未缓解"),
    ("seizure", "患儿高热惊厥"),
    ("seizure", "孩子突然眼睛往上翻，手脚一抽一抽的，叫他没反应"),
    # --- meningitis
    ("meningitis", "发热3天，头痛剧烈伴喷射性呕吐，颈项强直"),
    ("meningitis", "高热寒战，脑膜刺激征阳性"),
    ("meningitis", "孩子发烧，脖子僵硬低不下头，身上出了些按压不褪色的紫点"),
    # --- infant fever
    ("infant_fever", "患儿，出生45天，发热，体温38.5℃"),
    ("infant_fever", "宝宝两个月大，摸着额头烫，量了38度2"),
    # --- neonatal danger
    ("neonatal_danger", "新生儿，生后10天，拒奶、反应差、皮肤发花"),
    ("neonatal_danger", "出生一周的宝宝不肯吃奶，一直睡叫不醒，身上凉"),
    # --- child dehydration
    ("child_dehydration", "患儿腹泻呕吐2天，8小时无尿，哭时无泪"),
    ("child_dehydration", "患儿呕吐腹泻，少尿，精神萎靡"),
    ("child_dehydration", "孩子上吐下泻，从早上到现在尿不湿都是干的，眼窝都陷下去了"),
    # --- drug overdose
    ("drug_overdose", "自服艾司唑仑30片，现嗜睡"),
    ("drug_overdose", "老伴把一整瓶安眠药都吃了，现在叫着迷迷糊糊"),
    # --- chemical poisoning
    ("chemical_poisoning", "口服敌敌畏约50ml，伴大汗、流涎、瞳孔缩小"),
    ("chemical_poisoning", "他喝了一口百草枯，嘴里起泡了"),
    # --- carbon monoxide
    ("carbon_monoxide", "烧炭取暖后出现头痛、恶心、意识模糊，同室2人类似症状"),
    ("carbon_monoxide", "一家人早上起来都头晕想吐，屋里生着煤炉子"),
    # --- button battery
    ("button_battery", "患儿误吞纽扣电池1枚，约1小时"),
    ("button_battery", "孩子把遥控器里的小圆片电池吞下去了"),
    # --- burns
    ("burns", "开水烫伤面部及双手，Ⅱ度，面积约10%"),
    ("burns", "孩子被热油泼到胸前一大片，起了好多大水泡"),
    # --- major trauma
    ("major_trauma", "车祸伤后胸痛、呼吸困难，左下肢畸形"),
    ("major_trauma", "高处坠落伤，约4米，腰背部疼痛，双下肢感觉减退"),
    ("major_trauma", "从三楼掉下来，腿都变形了"),
    # --- head injury
    ("head_injury", "头部外伤后呕吐3次，嗜睡"),
    ("head_injury", "头部外伤后出现一过性意识丧失，伴近事遗忘"),
    ("head_injury", "孩子从床上摔下来磕到头，吐了两回，一直想睡"),
    # --- suicide / self-harm
    ("suicide_self_harm", "患者有自杀意念，已制定计划"),
    ("suicide_self_harm", "我把这些年攒的药都倒出来了，不想再拖累家里人"),
    # --- ectopic pregnancy
    ("ectopic_pregnancy", "停经45天，突发左下腹剧痛伴阴道少量流血"),
    ("ectopic_pregnancy", "停经6周，下腹痛，晕厥1次"),
    ("ectopic_pregnancy", "月经推迟了十来天，今天左边小肚子一阵阵绞着疼，还有点出血"),
    # --- preeclampsia
    ("preeclampsia", "孕32周，血压165/110，伴头痛、视物模糊"),
    ("preeclampsia", "怀孕七个多月，这两天脸和手肿得厉害，看东西眼前冒金星"),
    # --- pregnancy bleeding / preterm labour
    ("pregnancy_bleeding", "孕34周，阴道流血多于月经量，伴腹痛"),
    ("pregnancy_bleeding", "孕32周，规律宫缩，每5分钟一次"),
    ("pregnancy_bleeding", "怀孕五个月，下面出血了，内裤上一大片红"),
    # --- ruptured membranes
    ("ruptured_membranes", "孕35周，阴道流液2小时"),
    ("ruptured_membranes", "怀孕8个多月，下面突然哗地流出一股水，止不住"),
    # --- reduced fetal movement
    ("reduced_fetal_movement", "孕36周，自觉胎动减少1天"),
    ("reduced_fetal_movement", "孕38周，胎动消失半天"),
    ("reduced_fetal_movement", "孕39周，在家用胎心仪听不到胎心"),
    ("reduced_fetal_movement", "怀孕33周，今天一整天都没怎么感觉到宝宝踢"),
    # --- testicular torsion
    ("testicular_torsion", "患儿男，13岁，睡眠中突发左侧阴囊疼痛，伴恶心呕吐"),
    ("testicular_torsion", "儿子半夜疼醒，说一边蛋蛋很疼，肿起来了"),
    # --- acute abdomen
    ("acute_abdomen", "腹痛伴停止排气排便2天，呕吐"),
    ("acute_abdomen", "转移性右下腹痛伴发热"),
    ("acute_abdomen", "全腹压痛、反跳痛，腹肌紧张呈板状腹"),
    ("acute_abdomen", "肚子硬得像块木板，一碰就疼得叫"),
    # --- DKA
    ("dka", "1型糖尿病，血糖测不出，伴恶心呕吐、呼吸深快"),
    ("dka", "糖尿病人这两天一直口渴尿多，今天吐了，呼吸有股烂苹果味"),
    # --- hypoglycaemia
    ("hypoglycaemia", "糖尿病患者，注射胰岛素后未进食，出现大汗、意识模糊，血糖2.1"),
    ("hypoglycaemia", "打了胰岛素没吃饭，现在一身冷汗，说话颠三倒四"),
    # --- acute glaucoma
    ("acute_glaucoma", "右眼胀痛伴同侧头痛、恶心呕吐，视物模糊，看灯有虹视"),
    ("acute_glaucoma", "眼睛胀得疼，看灯一圈一圈彩虹，还吐了"),
    # --- eye injury
    ("eye_injury", "碱性液体溅入右眼，眼红、疼痛"),
    ("eye_injury", "干活时铁屑崩进眼睛里，看东西模糊，流血"),
    # --- drowning
    ("drowning", "溺水后被救起，咳嗽、气促"),
    ("drowning", "孩子在游泳池里沉下去了，捞上来一直咳"),
    # --- electric injury
    ("electric_injury", "电击伤后意识丧失约1分钟"),
    ("electric_injury", "修插座的时候被电打了一下，手上有黑色的印子"),
    # --- snake bite
    ("snake_bite", "右足被蛇咬伤，局部肿胀、疼痛"),
    ("snake_bite", "在田里被一条蛇咬了脚，两个牙印，肿起来了"),
    # --- sepsis
    ("sepsis", "发热伴寒战，血压85/50，心率130次/分，神志淡漠"),
    ("sepsis", "发热2天，今日出现谵妄，少尿"),
    ("sepsis", "高热寒战，血压测不出，四肢湿冷"),
    ("sepsis", "尿路感染发烧好几天，今天人迷迷糊糊的，手脚冰凉发花"),
    # --- cauda equina
    ("cauda_equina", "腰痛伴鞍区麻木、排尿困难"),
    ("cauda_equina", "腰椎间盘突出犯了，今天屁股和下身都麻了，尿也尿不出来"),
    # --- heat stroke
    ("heat_stroke", "高温环境下劳作后出现高热，体温41℃，意识障碍"),
    ("heat_stroke", "在工地干活晕倒了，身上滚烫，叫他不应"),
    # --- hypertensive emergency
    ("hypertensive_emergency", "血压220/130mmHg，伴剧烈头痛、视物模糊"),
    ("hypertensive_emergency", "量了血压两百多，头疼得要裂开，看东西重影"),
    # --- arrhythmia with syncope
    ("arrhythmia_syncope", "心悸伴黑矇，心率180次/分"),
    ("arrhythmia_syncope", "心率38次/分，伴头晕、晕厥"),
    ("arrhythmia_syncope", "心跳突然快得数不过来，眼前一黑差点倒下"),
    # --- acute urinary retention
    ("acute_urinary_retention", "前列腺增生病史，排尿困难12小时，下腹胀痛"),
    ("acute_urinary_retention", "急性尿潴留，下腹膨隆"),
    ("acute_urinary_retention", "老爷子一晚上尿不出来，肚子胀鼓鼓的，憋得直哼哼"),
    # --- rabies exposure
    ("animal_bite_rabies", "左手被犬咬伤，伤口出血"),
    ("animal_bite_rabies", "被邻居家狗咬了一口，破皮出血了"),
    # --- second batch: more record abbreviations and indirect lay descriptions
    ("unconsciousness", "患者浅昏迷，对疼痛刺激无反应，双侧瞳孔不等大"),
    ("unconsciousness", "心跳呼吸骤停，大动脉搏动消失"),
    ("unconsciousness", "喊他名字没反应，光翻白眼，身子软了"),
    ("unconsciousness", "脸白得像纸，浑身冰凉，出冷汗，人迷糊了"),
    ("severe_breathlessness", "咳粉红色泡沫痰，不能平卧，喘憋明显"),
    ("severe_breathlessness", "夜间阵发性呼吸困难，高枕卧位，今日加重"),
    ("severe_breathlessness", "这几天一躺平就憋得慌，今晚突然加重，坐着也喘"),
    ("severe_breathlessness", "呼吸频率36次/分，SpO2 84%"),
    ("severe_breathlessness", "孩子喘气的时候肋骨下面一吸一凹，鼻孔一张一张的"),
    ("severe_breathlessness", "嘴唇乌紫乌紫的，说话一句一句地喘"),
    ("airway_obstruction", "吸气性呼吸困难，喉鸣，可闻及喘鸣音"),
    ("cardiac_chest_pain", "胸痛放射至左上肢，伴大汗淋漓"),
    ("cardiac_chest_pain", "心电图提示ST段抬高，胸闷胸痛1小时"),
    ("stroke", "口角歪斜，伸舌右偏，构音障碍"),
    ("stroke", "右侧鼻唇沟变浅，右侧肢体肌力3级"),
    ("stroke", "一侧肢体活动不利半天，言语謇涩"),
    ("stroke", "一边胳膊腿使不上劲，嘴也歪了"),
    ("sudden_vision_loss", "右眼黑矇，视野缺损"),
    ("sudden_vision_loss", "单眼视力骤降，眼前黑影遮挡"),
    ("sudden_vision_loss", "眼睛看东西突然一个变俩"),
    ("sudden_imbalance", "突发头晕，步态不稳，眼球震颤，共济失调"),
    ("thunderclap_headache", "突发雷击样头痛，伴呕吐"),
    ("haematemesis", "呕吐物呈咖啡色，伴头晕"),
    ("haematemesis", "吐得像喷水枪一样，吐出来全是暗红的血"),
    ("melaena", "排黑色糊状便3次，伴心悸、出冷汗"),
    ("melaena", "解暗红色血便约500ml"),
    ("melaena", "拉的屎跟柏油似的，黑亮黑亮的"),
    ("melaena", "大便像柏油，人头晕"),
    ("meningitis", "发热，颈抵抗阳性，克氏征阳性"),
    ("meningitis", "发高烧，脖子硬邦邦的，头低不下去"),
    ("thunderclap_headache", "突然头痛得要命，吐得像喷出来一样"),
    ("sepsis", "高热39.8℃，皮肤花斑，尿量明显减少"),
    ("sepsis", "体温39℃，心率128次/分，呼吸30次/分"),
    ("sepsis", "化疗后发热38.6℃"),
    ("pregnancy_bleeding", "G2P1，孕33+2周，阴道流血伴规律腹痛"),
    ("ruptured_membranes", "孕36+5周，胎膜早破，羊水清"),
    ("ruptured_membranes", "孕34周，阴道流水，内裤湿透"),
    ("reduced_fetal_movement", "孕37周，胎心率90次/分，胎动减少"),
    ("reduced_fetal_movement", "怀孕八个月了，肚子里的宝宝从昨天晚上到现在都没动过"),
    ("ectopic_pregnancy", "停经40天，hCG阳性，右下腹痛伴肛门坠胀"),
    ("testicular_torsion", "右侧睾丸突发剧痛伴触痛，阴囊红肿"),
    ("acute_urinary_retention", "不能自行排尿8小时，耻骨上区膨隆"),
    ("acute_urinary_retention", "尿憋着出不来，小肚子鼓得像个球"),
    ("cauda_equina", "腰痛伴鞍区感觉减退，大小便失禁"),
    ("major_trauma", "胸部外伤，反常呼吸，呼吸困难"),
    ("major_trauma", "开放性骨折，骨外露，活动性出血"),
    ("head_injury", "头部外伤后双侧瞳孔不等大，意识不清"),
    ("hypoglycaemia", "糖尿病，血糖1.8mmol/L，意识模糊"),
    ("dka", "血糖33mmol/L，尿酮体+++，呕吐"),
    ("hypertensive_emergency", "血压210/125mmHg，头痛伴恶心"),
    ("arrhythmia_syncope", "室速，心率200次/分，黑矇"),
    # the other spellings of amaurosis (黑蒙, 黑朦) and a retention told as 无法/不能自主
    ("arrhythmia_syncope", "患者女，70岁，心悸半小时，脉搏不齐，伴一过性黑朦"),
    ("arrhythmia_syncope", "近两小时阵发心悸，伴黑蒙两次"),
    ("acute_urinary_retention", "前列腺肥大，今晨起不能自主排尿，小腹胀痛"),
    ("acute_urinary_retention", "前列腺增生史，昨夜起无法自行排尿，下腹膨隆"),
    ("neonatal_danger", "新生儿皮肤黄染进行性加重，拒乳"),
    ("child_dehydration", "患儿腹泻10余次，眼窝凹陷，皮肤弹性差，尿少"),
    ("seizure", "患者抽搐发作，口吐白沫，双眼上翻，持续约5分钟"),
    ("anaphylaxis", "蜂蜇伤后全身风团，血压下降，意识模糊"),
    ("heavy_vaginal_bleeding", "阴道大量出血，面色苍白，心率120次/分"),
    # --- third batch (written after the first measurement, see the module docstring)
    ("unconsciousness", "患者突发心搏骤停，现行心肺复苏"),
    ("unconsciousness", "查体：双侧瞳孔散大，对光反射消失"),
    ("unconsciousness", "GCS 7分，呼吸不规则"),
    ("stroke", "突发意识障碍伴右侧肢体偏瘫"),
    ("stroke", "患者构音障碍，右侧鼻唇沟浅"),
    ("stroke", "晨起发现左侧肢体活动不利，伴口齿不清"),
    ("stroke", "运动性失语，右上肢肌力2级"),
    ("sudden_vision_loss", "双眼复视伴左眼睑下垂，突然发生"),
    ("sudden_vision_loss", "右眼一过性黑矇"),
    ("sudden_imbalance", "行走时向右侧偏斜，指鼻不准，伴眩晕呕吐"),
    ("thunderclap_headache", "突发剧烈头痛，颈抵抗阳性"),
    ("meningitis", "发热伴头痛，克氏征阳性，布氏征阳性"),
    ("severe_breathlessness", "喘憋，不能平卧，双肺满布哮鸣音，SpO2 82%"),
    ("severe_breathlessness", "患儿呼吸65次/分，三凹征阳性"),
    ("severe_breathlessness", "老人呼吸32次/分，口唇发绀"),
    ("severe_breathlessness", "咳粉红色泡沫样痰"),
    ("haematemesis", "呕吐咖啡色液体约200ml"),
    ("melaena", "排柏油样便3次，伴头晕心悸"),
    ("melaena", "便血，暗红色，量约400ml，伴乏力"),
    ("heavy_vaginal_bleeding", "阴道出血量多于月经量，伴头晕乏力"),
    ("heavy_vaginal_bleeding", "产后2小时阴道出血约800ml"),
    ("uncontrolled_bleeding", "伤口活动性出血，无法压迫止血"),
    ("sepsis", "高热寒战，体温40.2℃，血压80/50mmHg"),
    ("sepsis", "发热伴意识改变，呼吸28次/分"),
    ("sepsis", "粒细胞缺乏伴发热"),
    ("neonatal_danger", "新生儿，日龄7天，吃奶差，哭声弱，体温不升"),
    ("infant_fever", "2月龄婴儿，发热38.3℃"),
    ("child_dehydration", "患儿腹泻伴呕吐，精神萎靡，前囟凹陷，尿量明显减少"),
    ("chemical_poisoning", "口服百草枯约20ml"),
    ("chemical_poisoning", "有机磷农药中毒，瞳孔针尖样，肌颤"),
    ("drug_overdose", "误服降压药10片"),
    ("carbon_monoxide", "一氧化碳中毒，碳氧血红蛋白35%"),
    ("burns", "颜面部及双上肢深Ⅱ度烧伤，面积约15%"),
    ("burns", "火灾现场救出，声音嘶哑，鼻毛烧焦"),
    ("major_trauma", "车祸致多发伤，意识不清"),
    ("major_trauma", "高处坠落致骨盆骨折"),
    ("major_trauma", "刀刺伤左胸部，呼吸困难"),
    ("head_injury", "头部外伤后出现喷射性呕吐"),
    ("drug_overdose", "患者自服安眠药30片企图自杀"),
    ("suicide_self_harm", "割腕自杀未遂"),
    ("ectopic_pregnancy", "停经50天，阴道流血伴下腹坠痛，晕厥一次"),
    ("preeclampsia", "妊娠36周，血压170/115mmHg，头痛眼花"),
    ("pregnancy_bleeding", "孕30周，突发持续性腹痛，子宫张力高，阴道流血"),
    ("ruptured_membranes", "孕37周，胎膜早破，羊水Ⅲ度污染"),
    ("reduced_fetal_movement", "孕32周，胎心率170次/分"),
    ("reduced_fetal_movement", "孕35周，胎心监护提示晚期减速"),
    ("testicular_torsion", "左侧阴囊突发剧痛2小时，睾丸上移"),
    ("acute_abdomen", "腹痛伴腹肌紧张，板状腹"),
    ("acute_abdomen", "肠梗阻，腹胀，停止排气排便，呕吐"),
    ("acute_abdomen", "患儿阵发性哭闹，果酱样大便"),
    ("dka", "糖尿病酮症酸中毒，深大呼吸"),
    ("hypoglycaemia", "血糖2.3mmol/L，意识不清"),
    ("acute_glaucoma", "左眼剧烈胀痛，眼压55mmHg，视力下降"),
    ("eye_injury", "右眼被铁丝扎伤，前房积血"),
    ("drowning", "淹溺后意识不清"),
    ("electric_injury", "高压电击伤，双手焦痂"),
    ("snake_bite", "被银环蛇咬伤，眼睑下垂"),
    ("heat_stroke", "中暑，体温41℃，谵妄"),
    ("hypertensive_emergency", "血压230/140，胸闷，视物模糊"),
    ("arrhythmia_syncope", "心电监护示室颤"),
    ("arrhythmia_syncope", "三度房室传导阻滞，心率35次/分，黑矇"),
    ("acute_urinary_retention", "排尿困难，膀胱区膨隆，压痛"),
    ("cauda_equina", "腰椎间盘突出，大小便失禁，会阴部感觉减退"),
    ("animal_bite_rabies", "被流浪狗咬伤右小腿，伤口深，出血"),
    ("heat_stroke", "热射病，意识障碍"),
    ("sepsis", "脓毒症，血压下降"),
    ("unconsciousness", "我爸突然喊他也不理，眼神发直"),
    ("severe_breathlessness", "他嘴唇发乌，上气不接下气，话都说不全"),
    ("severe_breathlessness", "孩子喘气时锁骨上面的窝往下陷"),
    ("melaena", "拉出来的屎黑得跟墨汁似的，头晕"),
    ("haematemesis", "吐出来的东西跟咖啡渣似的"),
    ("thunderclap_headache", "孩子头疼得厉害，吐得跟喷泉一样"),
    ("meningitis", "脖子硬得跟木头似的，发着烧"),
    ("stroke", "右边胳膊腿突然不好使了"),
    ("sudden_imbalance", "看东西一个变两个，头晕得站不住"),
    ("acute_urinary_retention", "老爷子尿憋着出不来，小肚子胀得老高"),
    ("cauda_equina", "屁股周围一圈都没感觉了，腰疼得厉害"),
    ("unconsciousness", "人脸色煞白，手脚冰凉冒冷汗，叫他也不太答应"),
    ("unconsciousness", "奶奶睡着了怎么推都推不醒"),
    ("seizure", "孩子浑身发硬，牙关咬得紧紧的"),
    ("reduced_fetal_movement", "我老婆怀孕37周，今天一天都没感觉孩子动"),
    ("ruptured_membranes", "羊水破了，流个不停"),
    # --- fourth batch (vital-sign shorthand, lists; written during the change)
    ("severe_breathlessness", "说话说半句就要停下来喘口气"),
    ("severe_breathlessness", "她说几个字就得喘口气"),
    ("unconsciousness", "我爸叫他名字眼睛睁一下又闭上了"),
    ("seizure", "孩子没有发烧、但抽搐了"),
    ("arrhythmia_syncope", "P 36次/分，乏力，头晕"),
    ("arrhythmia_syncope", "HR 180次/分，头晕，黑矇"),
    ("sepsis", "T 39.5℃，P 130次/分，R 32次/分，BP 80/50mmHg，神志模糊"),
    ("stroke", "晨起发现右侧肢体无力"),
    ("meningitis", "发热，颈抵抗（+），头痛剧烈"),
    # --- fifth batch (written during the change)
    ("electric_injury", "孩子咬了电线，嘴角烧黑了"),
    ("electric_injury", "小孩把手指伸进插座里了"),
    ("major_trauma", "跌倒后髋部疼痛，不能站立，右下肢外旋缩短"),
    ("major_trauma", "奶奶摔了一跤，腿短了一截，动不了"),
    ("neonatal_danger", "新生儿，生后2天，皮肤黄染至手足心"),
    ("neonatal_danger", "宝宝20天，黄疸到了手心脚心"),
    # a record negator before a story, not before the signs (未吃饭…后冒冷汗)
    ("hypoglycaemia", "未进食后出现大汗、意识模糊，糖尿病"),
    ("hypoglycaemia", "未吃饭打了胰岛素后冒冷汗说胡话"),
    ("hypertensive_emergency", "未规律服药血压210/120伴头痛"),
    ("unconsciousness", "无人在旁时突然倒地，呼之不应"),
    ("haematemesis", "未及时就医，现呕血300ml"),
    ("major_trauma", "未系安全带车祸后胸痛气促"),
]

# Non-urgent messages in the same registers: past history, check-ups, follow-up visits,
# denials (否认, 无, 未见, 未诉), signs that are over.
NOT_EMERGENCIES: list[str] = [
    "既往脑梗病史，现无不适，来开药",
    "患者心悸2天，否认黑蒙、晕厥",
    "术后已能自行排尿，小便通畅",
    "体检发现血压偏高，无头痛头晕",
    "否认胸痛、胸闷，偶有咳嗽",
    "患者诉头晕，无意识障碍，无肢体无力",
    "半年前曾咯血，现复查胸部CT",
    "癫痫病史10年，规律服药，近一年未发作，想复诊开药",
    "一年前消化道出血住院，现来复查胃镜",
    "无呕血黑便，上腹隐痛一周",
    "孕24周产检，胎动正常，无阴道流血流液",
    "孕30周，胎心监护正常，来常规产检",
    "糖尿病随访，空腹血糖7.2",
    "高血压病史，血压控制在130/80，来开药",
    "脑出血术后半年，言语不清，想做康复",
    "否认意识丧失，否认抽搐，头痛2天",
    "落枕了，脖子僵硬转不动",
    "感冒后鼻塞流涕，无发热，无呼吸困难",
    "哮喘稳定期，复诊开沙丁胺醇气雾剂",
    "昨天吃了猪血，今天大便发黑，没有其他不舒服",
    "口服铁剂后大便发黑，无头晕心慌",
    "前列腺增生，夜尿多，排尿不畅，想开药",
    "去年有过一次晕厥，已做心电图，未见异常",
    "既往有过敏性休克史，想咨询过敏原检测",
    "体检心电图提示窦性心动过缓，心率55，无不适",
    "白内障术后复查，视力模糊较前好转",
    "眼睑下垂多年，想做整形手术",
    "糖尿病足随访换药",
    "月经量多，经期第2天，无头晕",
    "腰椎间盘突出，腰痛半月，无大小便障碍，无鞍区麻木",
    "头部轻微碰撞，无呕吐，无意识丧失，精神好",
    "被猫抓了一下，没破皮",
    "既往心梗支架术后2年，现无胸痛，来复查",
    "小孩咳嗽一周，无气促，无发绀",
    "血氧饱和度98%，心率76次/分，想问体检报告",
    "偶有心悸，休息后缓解，无黑矇",
    "脑梗后遗症，右侧肢体活动不利三年，复诊",
    "甲亢随访，心率90次/分",
    "未诉胸痛，咳嗽咳痰3天",
    "无抽搐史，想咨询脑电图检查",
    "孕早期，无腹痛，无阴道流血",
    "体检发现肺结节，无咳嗽咯血",
    "未见黑便，胃胀两天",
    "未诉头痛呕吐，颈部酸痛",
    "否认复视，否认言语不清，双手麻木半年",
    "胎动好，无宫缩，孕37周来建档问题咨询",
    # second batch
    # (moved here after the first measurement: orthopnea for weeks is urgent, not an
    # emergency, as the committed holdout set reads it; 今天加重 makes it one)
    "晚上睡觉得垫好几个枕头，一躺平就憋醒",
    "既往房颤病史，心率控制可，无胸闷黑矇",
    "3年前曾有过短暂性脑缺血发作，现言语清楚，肢体活动正常",
    "无意识障碍，无恶心呕吐，轻度头痛",
    "新生儿黄疸复查，黄疸已消退",
    "孕28周，无腹痛，无阴道流血流液，胎动正常",
    "慢性心衰随访，无夜间阵发性呼吸困难",
    "否认外伤史，腰痛3天",
    "既往有胃出血史，目前无呕血黑便，想问能不能吃阿司匹林",
    "高热惊厥史，现体温正常，来打疫苗",
    "未见皮疹，无颈项强直，咽痛发热1天",
    "排尿不畅多年，无尿潴留",
    "脑膜炎治愈出院后复查",
    "体检B超发现胆囊结石，无腹痛",
    "眼科复查，眼压正常",
    "既往有过自杀念头，现情绪稳定，来复诊开药",
    # third batch
    "既往有癫痫持续状态病史，现规律服药，无发作",
    "胎心监护正常，胎心率140次/分",
    "体检心率62次/分，呼吸18次/分，SpO2 98%",
    "无恶心呕吐，无腹痛腹泻",
    "否认胸闷胸痛，否认头晕头痛",
    "未诉头痛头晕，血压135/85",
    "颈软，克氏征阴性，布氏征阴性",
    "脑膜刺激征阴性，发热1天",
    "颈抵抗(-)，咽痛",
    "眼压18mmHg，来复查",
    "肌力5级，四肢活动自如",
    "右侧肢体肌力5级，无言语不清",
    "前列腺增生，排尿不畅多年，想换药",
    "产后恶露，量少，无发热",
    "月经量多，每次约60ml",
    "孕28周，胎心率145次/分，来产检",
    "体检B超提示膀胱充盈良好",
    "糖尿病随访，尿酮体阴性",
    "既往房室传导阻滞，已装起搏器",
    "室性早搏，偶有心悸",
    "慢性尿潴留多年，间歇导尿",
    "宫外孕术后一个月复查",
    "发热1天，无寒战，精神好",
    "GCS 15分，神志清楚",
    "孕10周，用胎心仪在家听不到胎心",
    "四肢冰凉，怕冷，冬天更明显",
    "体检发现左眼视野缺损多年",
    "家里的电子血压计测不出血压，是不是坏了",
    "手术后第1天，未排气",
    "喷射性呕吐是什么原因引起的",
    "宝宝吐奶像喷出来一样，吐完精神挺好",
    "南方冬天湿冷，手脚冰凉，老想睡觉",
    "身上长了花斑癣，很痒",
    "无头晕心慌，血压正常",
    "否认发热寒战，咳嗽3天",
    "未见活动性出血，胃镜复查",
    "无胸闷气促，无端坐呼吸",
    "否认意识障碍，否认肢体无力",
    "否认复视，无眼睑下垂",
    "休克是什么意思",
    "孩子发烧38度，无抽搐，精神可",
    "脑梗病史3年，言语欠清，来复诊",
    "心电图：窦性心律，ST段无抬高",
    "孕36周，无规律宫缩，无阴道流血流液，胎动好",
    "无停止排气排便，腹胀2天",
    # fourth batch: denials over a 、 list, results read as negative
    "没有发烧、抽搐，就是有点咳嗽",
    "否认呼吸困难、口唇发绀",
    "孩子没有呕吐、抽搐，吃奶好",
    "无胸闷胸痛、心悸黑矇，来复查血脂",
    "否认头痛、呕吐、颈项强直，低热1天",
    "发热，脑膜刺激征：阴性，咽痛",
    "发热，颈抵抗（-），头痛",
    "患者无恶心呕吐，腹胀",
    "未诉心悸黑矇",
    "孕32周，胎心：130次/分，无宫缩",
    # fifth batch
    "新生儿黄疸，已退到脸上一点点",
    "宝宝手心发黄是吃橘子吃多了吗，3岁",
    "手机充电线被孩子咬坏了，人没事",
]


def triage(text: str) -> dict | None:
    return intents.parse(text)["triage"]


@pytest.mark.parametrize(("category", "text"), EMERGENCIES, ids=[t for _, t in EMERGENCIES])
def test_register_emergency_is_caught(category: str, text: str) -> None:
    t = triage(text)
    assert t is not None and t["emergency"] is True, (category, text)


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_register_look_alike_is_not_an_emergency(text: str) -> None:
    t = triage(text)
    assert t is None or t["emergency"] is False, (text, t and t["red_flags"])


def test_table_covers_the_categories() -> None:
    assert len({c for c, _ in EMERGENCIES}) >= 45
    assert len(EMERGENCIES) >= 100 and len(NOT_EMERGENCIES) >= 40


def test_record_pregnancy_weeks_with_days() -> None:
    from intents.ages import pregnancy_weeks

    assert 33 <= pregnancy_weeks("g2p1,孕33+2周,阴道流血") < 34
    assert 38 <= pregnancy_weeks("孕38+5周,规律宫缩") < 39
