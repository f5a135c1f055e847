package seed

import (
	"fmt"

	"cqshare/models"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "demo-pass-2026"

// DemoAccount is one of the demo sign-ins, printed by the server when it seeds.
type DemoAccount struct {
	Email string
	Role  string
	Name  string
	About string
}

// DemoAccounts are the six demo sign-ins of DESIGN.md, all with DemoPassword.
var DemoAccounts = []DemoAccount{
	{"admin@demo.local", models.RoleAdmin, "王磊", "platform administrator (平台管理员)"},
	{"manager@demo.local", models.RoleManager, "李晓峰", "manages the first practice center and the first tech platform"},
	{"student@demo.local", models.RoleStudent, "张子涵", "student of 重庆工业职业技术学院, holds 激光切割安全操作证"},
	{"teacher@demo.local", models.RoleTeacher, "陈建国", "teacher of 重庆工业职业技术学院"},
	{"instructor@demo.local", models.RoleInstructor, "刘芳", "training instructor of the ICV training base"},
	{"sme@demo.local", models.RoleSME, "赵明", "SME user of 重庆锐能动力电池科技有限公司"},
}

// demoAccountOrg is the organization (seedOrgs key) of each demo account that has one.
var demoAccountOrg = map[string]string{
	"manager@demo.local":    "ljpark",
	"student@demo.local":    "cqipc",
	"teacher@demo.local":    "cqipc",
	"instructor@demo.local": "cqipc",
	"sme@demo.local":        "ruineng",
}

// seedPerson is one more account for history and reports.
type seedPerson struct {
	email, role, name, org string
	manages                []int // indexes into the seeded facilities, in order
	administers            bool  // the first facility's consortium (a consortium administrator)
}

var (
	seedSurnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "谭", "冉", "向", "蒲"}
	seedGivenNames = []string{"子轩", "雨涵", "浩然", "欣怡", "梓萱", "宇航", "思远", "佳怡", "俊杰", "诗琪", "明哲", "婉清", "博文", "若曦",
		"嘉豪", "静怡", "天宇", "雅琴", "志强", "晓东", "一鸣", "梦瑶", "建华", "丽娟", "文博", "心怡", "家乐", "秋实", "海燕", "成林"}
)

// seedName is a deterministic Chinese name for the i-th extra account.
func seedName(i int) string {
	return seedSurnames[(i*7)%len(seedSurnames)] + seedGivenNames[(i*11+3)%len(seedGivenNames)]
}

// seedPeople lists the extra accounts: a manager for the other facilities of each consortium,
// instructors, students of several colleges, teachers and SME users.
func seedPeople() []seedPerson {
	people := []seedPerson{
		{email: "mgr.nev@demo.local", role: models.RoleManager, name: "何志强", org: "ljpark", manages: []int{2}},
		{email: "mgr.ljsw@demo.local", role: models.RoleManager, name: "罗婉清", org: "ljdigital", manages: []int{3, 4, 5}},
		{email: "mgr.kxc@demo.local", role: models.RoleManager, name: "谭建华", org: "wscity", manages: []int{6, 7, 8}},
		{email: "mgr.yulv@demo.local", role: models.RoleManager, name: "冉文博", org: "yulv", manages: []int{9, 10, 11}},
		{email: "mgr.cqcet@demo.local", role: models.RoleManager, name: "向丽娟", org: "cqcet", manages: []int{12, 13, 14}},
		{email: "consortium@demo.local", role: models.RoleConsortiumAdmin, name: "邓佳怡", org: "ljpark", administers: true},
		{email: "ins01@demo.local", role: models.RoleInstructor, name: "蒲海燕", org: "wscity"},
		{email: "ins02@demo.local", role: models.RoleInstructor, name: "高成林", org: "cqcet"},
	}
	schools := []string{"cqipc", "cqcet", "cqvct", "cqcmc", "cqvie", "cqust"}
	for i := range 30 {
		people = append(people, seedPerson{email: fmt.Sprintf("stu%03d@demo.local", i+1), role: models.RoleStudent,
			name: seedName(i), org: schools[i%len(schools)]})
	}
	for i := range 8 {
		people = append(people, seedPerson{email: fmt.Sprintf("tea%02d@demo.local", i+1), role: models.RoleTeacher,
			name: seedName(40 + i), org: schools[i%len(schools)]})
	}
	smes := []string{"ruineng", "yuechi", "shuyun", "qianxing", "zhizao", "bsmould", "fengchi", "hejin", "xinping", "weidian", "yongxiang", "kangyuan"}
	for i := range 10 {
		people = append(people, seedPerson{email: fmt.Sprintf("sme%02d@demo.local", i+1), role: models.RoleSME,
			name: seedName(60 + i), org: smes[(i+1)%len(smes)]})
	}
	return people
}

// seedGrants are the qualifications of accounts other than the demo student's, for history.
var seedGrants = []struct{ email, code string }{
	{"stu001@demo.local", "electrician"},
	{"stu002@demo.local", "five_axis"},
	{"stu007@demo.local", "laser_safety"},
	{"stu013@demo.local", "welding"},
	{"tea01@demo.local", "five_axis"},
	{"tea02@demo.local", "sem_operator"},
	{"sme01@demo.local", "battery_safety"},
}
