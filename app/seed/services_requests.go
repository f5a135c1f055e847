package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"cqshare/app/calendar"
	"cqshare/models"
)

// seedFreeFormResponseHours is the first-response target of a free-form request.
const seedFreeFormResponseHours = 16

// seedFlow writes the requests of one tech platform along the transition table of
// app/services, stamping the service levels the way the workflow does: in the platform's
// working calendar.
type seedFlow struct {
	s       *seeder
	rng     *rand.Rand
	fac     models.Facility
	loc     *time.Location
	cal     calendar.Calendar           // the platform's: opening hours less its closures
	resCals map[int64]calendar.Calendar // each available resource's
	manager int64                       // who answers for the platform
	limit   time.Time                   // everything seeded happened before this
}

// seedStory is a request being written: the row and what happened to it, in order.
type seedStory struct {
	r        models.ServiceRequest
	quotes   []models.ServiceQuote
	inForce  int // index into quotes of the quote in force, -1 none
	events   []models.ServiceRequestEvent
	messages []models.ServiceMessage
	rating   *models.ServiceRating
	// work is when the platform worked on the request: from the start to the delivery, or to
	// now while it is under way.
	work calendar.Span
}

func (st *seedStory) event(action string, from, to models.ServiceRequestStatus, actor *int64, at time.Time, note string) {
	st.events = append(st.events, models.ServiceRequestEvent{Action: action, FromStatus: from, ToStatus: to, ActorID: actor,
		Note: note, CreatedAt: at})
	st.r.Status, st.r.UpdatedAt = to, at
}

func (st *seedStory) message(author int64, fromPlatform bool, at time.Time, body string) {
	st.messages = append(st.messages, models.ServiceMessage{AuthorID: author, FromPlatform: fromPlatform, Body: body, CreatedAt: at})
}

// work is the moment minutes of platform working time after from, or, when that moment is not
// before the limit, halfway through the working time left before the limit: every seeded time
// lies in the past, and the platform acts in its opening hours.
func (f *seedFlow) work(from time.Time, minutes int) time.Time {
	t := f.cal.AddWorking(from, max(minutes, 1))
	if left := f.cal.WorkingBetween(from, f.limit); !t.Before(f.limit) && left >= 2 {
		return f.cal.AddWorking(from, left/2)
	}
	return f.clamp(from, t)
}

// later is from plus a calendar duration, kept before the limit like work.
func (f *seedFlow) later(from time.Time, d time.Duration) time.Time {
	return f.clamp(from, from.Add(d).Truncate(time.Minute))
}

func (f *seedFlow) clamp(from, t time.Time) time.Time {
	if t.Before(f.limit) {
		return t
	}
	return from.Add(f.limit.Sub(from) / 2).Truncate(time.Minute)
}

// pick is one of the lines, drawn.
func (f *seedFlow) pick(lines []string) string { return lines[f.rng.IntN(len(lines))] }

// submitTime is a moment on the local day days ago, in office hours mostly, in the evening
// sometimes.
func (f *seedFlow) submitTime(days int) time.Time {
	day := localMidnight(f.s.now, f.loc).AddDate(0, 0, -days)
	minute := 8*60 + 40 + f.rng.IntN(8*60)
	if f.rng.IntN(6) == 0 {
		minute = 19*60 + f.rng.IntN(150)
	}
	return f.clamp(day, day.Add(time.Duration(minute)*time.Minute).UTC())
}

// request writes one request along its plan.
func (f *seedFlow) request(ctx context.Context, plan seedPlan, ask seedAsk, who models.User) error {
	st, err := f.story(plan, ask, who)
	if err != nil {
		return err
	}
	return f.write(ctx, ask, st)
}

// story plays the plan through the transition table and stamps the service levels.
func (f *seedFlow) story(plan seedPlan, ask seedAsk, who models.User) (*seedStory, error) {
	sme, mgr := who.ID, f.manager
	submitted := f.submitTime(plan.day)
	hours, quantity := seedFreeFormResponseHours, 1
	st := &seedStory{inForce: -1, r: models.ServiceRequest{FacilityID: f.fac.ID, OrganizationID: *who.OrganizationID, RequesterID: sme,
		Title: ask.title, Description: ask.text, ContactName: who.Name, ContactEmail: who.Email,
		ContactPhone: fmt.Sprintf("1382301%04d", (who.ID*37)%10000), SubmittedAt: submitted, CreatedAt: submitted}}
	if o := ask.offering; o != nil {
		st.r.OfferingID, hours = &o.ID, o.FirstResponseHours
		if o.PriceBasis == models.PricePerSample {
			quantity = 1 + f.rng.IntN(6)
		}
	}
	st.r.Quantity = quantity
	if f.rng.IntN(2) == 0 {
		st.r.DesiredDate = submitted.In(f.loc).AddDate(0, 0, 14+f.rng.IntN(21)).Format(time.DateOnly)
	}
	responseDue := f.cal.AddWorking(submitted, hours*60)
	st.r.ResponseDueAt = &responseDue
	st.event("submit", "", models.RequestSubmitted, &sme, submitted, "")
	if plan.day%3 != 0 {
		st.message(sme, false, f.later(submitted, time.Duration(5+f.rng.IntN(40))*time.Minute), f.pick(seedMessages.smeSubmit))
	}

	target := hours * 60
	share := 0.15 + 0.7*f.rng.Float64()
	if plan.late {
		share = 1.3 + 0.4*f.rng.Float64()
	}
	answer := f.work(submitted, int(float64(target)*share))
	switch plan.status {
	case models.RequestSubmitted:
		if plan.ask {
			st.message(mgr, true, answer, f.pick(seedMessages.askDetails))
			st.firstResponse(f, answer)
		}
		return st, nil
	case models.RequestCancelled:
		st.event("cancel", models.RequestSubmitted, models.RequestCancelled, &sme, f.later(submitted, time.Duration(20+f.rng.IntN(50))*time.Hour), f.pick(seedStepNotes.cancel))
		return st, nil
	case models.RequestRejected:
		st.message(mgr, true, answer, seedMessages.onReject)
		st.firstResponse(f, answer)
		st.event("reject", models.RequestSubmitted, models.RequestRejected, &mgr, f.later(answer, 5*time.Minute), f.pick(seedStepNotes.reject))
		return st, nil
	}

	quoteAt := answer
	if plan.ask {
		st.message(mgr, true, answer, f.pick(seedMessages.askDetails))
		reply := f.work(answer, 30+f.rng.IntN(210))
		st.message(sme, false, reply, f.pick(seedMessages.smeAnswer))
		quoteAt = f.work(reply, 60+f.rng.IntN(420))
	}
	st.firstResponse(f, answer)
	firstQuote := quoteAt
	st.r.QuotedAt = &firstQuote
	amount := f.amount(ask.offering, quantity)
	f.quote(st, plan, ask, quoteAt, amount, models.RequestSubmitted)
	if plan.revised {
		asked := f.work(quoteAt, 60+f.rng.IntN(540))
		st.message(sme, false, asked, f.pick(seedMessages.smeDiscount))
		st.quotes[0].Status = models.QuoteSuperseded
		quoteAt = f.work(asked, 60+f.rng.IntN(420))
		f.quote(st, plan, ask, quoteAt, amount*9/10/1000*1000, models.RequestQuoted)
	}
	q := &st.quotes[st.inForce]
	switch plan.status {
	case models.RequestQuoted:
		return st, nil
	case models.RequestDeclined:
		q.Status = models.QuoteDeclined
		st.event("decline", models.RequestQuoted, models.RequestDeclined, &sme, f.later(quoteAt, time.Duration(4+f.rng.IntN(60))*time.Hour), f.pick(seedStepNotes.decline))
		return st, nil
	}

	accepted := f.work(quoteAt, 60+f.rng.IntN(840))
	q.Status = models.QuoteAccepted
	due, err := f.cal.EndOfDay(q.DueDate)
	if err != nil {
		return nil, err
	}
	st.r.AcceptedAt, st.r.DueAt = &accepted, &due
	st.event("accept", models.RequestQuoted, models.RequestAccepted, &sme, accepted, "")
	if plan.status == models.RequestAccepted {
		return st, nil
	}

	started := f.work(accepted, 30+f.rng.IntN(450))
	st.r.StartedAt = &started
	st.event("start", models.RequestAccepted, models.RequestInProgress, &mgr, started, "")
	st.message(mgr, true, f.later(started, 10*time.Minute), f.pick(seedMessages.onStart))
	st.work = calendar.Span{Start: started, End: f.limit}
	if plan.status == models.RequestInProgress {
		return st, nil
	}

	share = 0.3 + 0.5*f.rng.Float64()
	if plan.late {
		share = 1.1 + 0.2*f.rng.Float64()
	}
	delivered := f.work(started, max(120, int(float64(f.cal.WorkingBetween(started, due))*share)))
	f.deliver(st, delivered)
	if plan.revision {
		asked := f.work(delivered, 60+f.rng.IntN(420))
		st.event("request_revision", models.RequestDelivered, models.RequestInProgress, &sme, asked, f.pick(seedStepNotes.revision))
		st.r.RevisionCount++
		delivered = f.work(asked, 240+f.rng.IntN(720))
		f.deliver(st, delivered)
	}
	turnaround := f.cal.WorkingBetween(accepted, delivered)
	st.r.DeliveredAt, st.r.TurnaroundMinutes = &delivered, &turnaround
	st.work.End = delivered
	if plan.status == models.RequestDelivered {
		return st, nil
	}

	closed := f.later(delivered, time.Duration(2+f.rng.IntN(70))*time.Hour)
	if auto := delivered.Add(14 * 24 * time.Hour); plan.autoClose && auto.Before(f.limit) {
		st.r.AutoClosed, closed = true, auto
		st.event("auto_close", models.RequestDelivered, models.RequestClosed, nil, closed, "")
	} else {
		st.message(sme, false, f.later(delivered, time.Duration(5+f.rng.IntN(60))*time.Minute), f.pick(seedMessages.smeThanks))
		if last := st.messages[len(st.messages)-1].CreatedAt; !closed.After(last) {
			closed = f.later(last, time.Minute)
		}
		st.event("confirm", models.RequestDelivered, models.RequestClosed, &sme, closed, "")
	}
	st.r.ClosedAt = &closed
	if plan.score >= 0 {
		st.rating = f.rate(plan, sme, f.later(closed, time.Duration(5+f.rng.IntN(600))*time.Minute))
	}
	return st, nil
}

// firstResponse stamps the platform's first quote or message, once.
func (st *seedStory) firstResponse(f *seedFlow, at time.Time) {
	if st.r.FirstResponseAt != nil {
		return
	}
	minutes := f.cal.WorkingBetween(st.r.SubmittedAt, at)
	st.r.FirstResponseAt, st.r.FirstResponseMinutes = &at, &minutes
}

// quote offers a quote: due a few working days past the offering's turnaround (in the past for
// an overdue request under way, ahead for one still open), valid for 14 days.
func (f *seedFlow) quote(st *seedStory, plan seedPlan, ask seedAsk, at time.Time, amount int64, from models.ServiceRequestStatus) {
	days := 5
	if ask.offering != nil {
		days = ask.offering.TurnaroundDays
	}
	dueEnd := f.cal.AddWorkingDays(at, days+1+f.rng.IntN(3))
	open := plan.status == models.RequestAccepted || plan.status == models.RequestInProgress || plan.status == models.RequestQuoted
	switch {
	case plan.overdue && plan.status == models.RequestInProgress:
		dueEnd = localMidnight(f.s.now, f.loc).AddDate(0, 0, -1)
	case open && dueEnd.Before(f.s.now.Add(48*time.Hour)):
		dueEnd = f.cal.AddWorkingDays(f.s.now, 3)
	}
	mgr := f.manager
	terms := "含检测报告一份（中文），报告出具后 30 日内付款；样品检测后可退回。"
	st.quotes = append(st.quotes, models.ServiceQuote{AmountFen: amount, DueDate: dueEnd.Add(-time.Minute).In(f.loc).Format(time.DateOnly),
		Terms: terms, ValidUntil: at.Add(14 * 24 * time.Hour), Status: models.QuoteOffered, CreatedBy: mgr, CreatedAt: at})
	st.inForce = len(st.quotes) - 1
	st.event("quote", from, models.RequestQuoted, &mgr, at, "")
	st.message(mgr, true, f.later(at, 2*time.Minute), f.pick(seedMessages.onQuote))
}

// amount is what the platform quotes: the offering's price for the quantity (a few hours at an
// hourly rate), or an amount of its own for a request priced by quote.
func (f *seedFlow) amount(o *seedOffered, quantity int) int64 {
	if o == nil || o.PriceBasis == models.PriceByQuote {
		return int64(30+f.rng.IntN(270)) * 10000 // 3,000 to 30,000 yuan, in hundreds
	}
	switch o.PriceBasis {
	case models.PricePerSample:
		return o.PriceFen * int64(quantity)
	case models.PricePerHour:
		return o.PriceFen * int64(4+f.rng.IntN(21))
	}
	return o.PriceFen
}

// deliver records a delivery with its report summary.
func (f *seedFlow) deliver(st *seedStory, at time.Time) {
	mgr := f.manager
	st.event("deliver", models.RequestInProgress, models.RequestDelivered, &mgr, at, f.pick(seedStepNotes.deliver))
	st.message(mgr, true, f.later(at, time.Minute), f.pick(seedMessages.onDeliver))
}

// seedComments are the comments of ratings, by score.
var seedComments = map[int][]string{
	5: {"响应快，报告专业，下次还会合作。", "工程师很耐心，帮我们分析了问题根源。", "数据详实，比预期提前完成。"},
	4: {"整体满意，报告格式希望更规范一些。", "服务不错，送样流程可以再简化。", ""},
	3: {"结果可以，但比约定时间晚了两天。"},
	2: {"报告出具延误，中间沟通也不及时，影响了我们的交付。", "测试数据与我们内部结果差异较大，解释不够清楚。"},
}

// rate is the SME's rating of a closed request: mostly 4 or 5; a low one awaits the platform's
// public reply within five working days, and has it when the plan says so.
func (f *seedFlow) rate(plan seedPlan, sme int64, at time.Time) *models.ServiceRating {
	score := plan.score
	if score == 0 {
		score = []int{5, 5, 5, 4, 4, 5, 4, 5, 5, 4, 4, 3}[f.rng.IntN(12)]
	}
	r := &models.ServiceRating{Score: score, Comment: f.pick(seedComments[score]), RatedBy: sme, CreatedAt: at}
	if score <= 2 {
		due := f.cal.AddWorkingDays(at, 5)
		r.ReplyDueAt = &due
	}
	if plan.reply {
		mgr, replied := f.manager, f.work(at, 120+f.rng.IntN(900))
		r.Reply, r.RepliedBy, r.RepliedAt = "非常抱歉给您带来不便。我们已复核测试过程并调整了排期机制，后续同类委托将优先安排并每日同步进度。", &mgr, &replied
	}
	return r
}
